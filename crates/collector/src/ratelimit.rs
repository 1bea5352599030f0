//! Rate limits for the buyer's pages, per link token and per client IP: fixed windows
//! counted in memory. Per instance on purpose: a limit exists to stop one client
//! hammering one process (guessing tokens, flooding uploads); several instances
//! multiply it by their number, which is still bounded. State is dropped on restart.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// One limit: at most `max` events per `window` seconds per key.
pub struct Window {
    max: u32,
    window: i64,
    seen: Mutex<HashMap<String, (i64, u32)>>,
}

impl Window {
    pub fn new(max: u32, window: i64) -> Window {
        Window {
            max,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event for `key`; false when the key is over its limit.
    pub fn allow(&self, key: &str, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 100_000 {
            // Bounded memory under a flood of distinct keys: forget closed windows.
            seen.retain(|_, (start, _)| now - *start < self.window);
        }
        let e = seen.entry(key.to_string()).or_insert((now, 0));
        if now - e.0 >= self.window {
            *e = (now, 0);
        }
        e.1 = e.1.saturating_add(1);
        e.1 <= self.max
    }
}

/// The collector's limits.
pub struct Limits {
    /// Form views and submissions per token (a buyer retrying a photo is fine; a
    /// script is not).
    pub per_token: Window,
    /// Requests to /r/ per IP (token guessing).
    pub per_ip: Window,
    /// Admin login attempts per IP.
    pub login_per_ip: Window,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_token: Window::new(30, 600),
            per_ip: Window::new(300, 600),
            login_per_ip: Window::new(10, 600),
        }
    }
}

/// The client's address as the TCP connection saw it (no proxy header is trusted:
/// behind a reverse proxy, limit there too).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    pub fn key(&self) -> String {
        self.0
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".into())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        let w = Window::new(2, 10);
        assert!(w.allow("a", 0));
        assert!(w.allow("a", 1));
        assert!(!w.allow("a", 2));
        assert!(w.allow("b", 2), "keys are separate");
        assert!(w.allow("a", 10), "a new window");
    }
}
