//! Who may talk to the studio. It listens on 127.0.0.1 only, but every web page
//! the merchant has open can still send requests there, and a DNS name that
//! resolves to 127.0.0.1 (rebinding) makes such a page same-origin with it by
//! name. Three rules, checked before a request is routed:
//!
//! 1. `Host` is `127.0.0.1:PORT` or `localhost:PORT`: a rebound name arrives with
//!    its own host name and is refused.
//! 2. `Origin`, when present, is the studio's own (`null` included: sandboxed
//!    frames and `data:` pages send it); `Sec-Fetch-Site`, when present, is
//!    `same-origin` or `none` (typed or opened by `trustctl`). Another port on
//!    127.0.0.1 is *same-site*, not same-origin, so a local dev server's pages
//!    are refused too. A state change (POST) must carry `Origin`.
//! 3. The path starts with `/s/<session secret>/`: 256 random bits printed once
//!    on the terminal, so no page that did not get the address from the merchant
//!    can name a URL the studio answers (no CSRF, no probing). Compared in
//!    constant time.

use std::fmt;

/// The studio's address and secret.
pub struct Gate {
    port: u16,
    secret: String,
}

/// Why a request was refused (each is a 403 with this text).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Host,
    Origin,
    Secret,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::Host => "refused: the Host is not this studio's address (127.0.0.1 or localhost with its port)",
            Refusal::Origin => "refused: the request comes from another origin than the studio's own page",
            Refusal::Secret => "refused: open the address `trustctl studio` printed (it carries the session secret)",
        })
    }
}

/// What the gate reads from a request.
pub struct Seen<'a> {
    pub method_is_post: bool,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub fetch_site: Option<&'a str>,
    /// The path with its query.
    pub url: &'a str,
}

impl Gate {
    pub fn new(port: u16, secret: String) -> Gate {
        Gate { port, secret }
    }

    /// A new session secret: 32 bytes from the operating system, as hex.
    pub fn random_secret() -> anyhow::Result<String> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes)
            .map_err(|e| anyhow::anyhow!("the operating system's random source failed: {e}"))?;
        Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The path prefix every answered URL starts with.
    pub fn base(&self) -> String {
        format!("/s/{}/", self.secret)
    }

    /// The address to open.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.base())
    }

    /// The URL inside the studio (after `/s/<secret>`, starting with `/`), or why not.
    pub fn admit<'a>(&self, seen: &Seen<'a>) -> Result<&'a str, Refusal> {
        if !seen.host.is_some_and(|h| self.own_host(h)) {
            return Err(Refusal::Host);
        }
        match seen.origin {
            Some(origin) if !self.own_origin(origin) => return Err(Refusal::Origin),
            None if seen.method_is_post => return Err(Refusal::Origin),
            _ => {}
        }
        if let Some(site) = seen.fetch_site {
            if !matches!(site, "same-origin" | "none") {
                return Err(Refusal::Origin);
            }
        }
        let rest = seen.url.strip_prefix("/s/").ok_or(Refusal::Secret)?;
        let (given, rest) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => return Err(Refusal::Secret),
        };
        if !constant_time_eq(given.as_bytes(), self.secret.as_bytes()) {
            return Err(Refusal::Secret);
        }
        Ok(rest)
    }

    fn own_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        port == self.port.to_string()
            && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
    }

    fn own_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|host| self.own_host(host))
    }
}

/// Equal bytes, in a time that does not depend on where they first differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen<'a>(host: &'a str, origin: Option<&'a str>, url: &'a str) -> Seen<'a> {
        Seen {
            method_is_post: true,
            host: Some(host),
            origin,
            fetch_site: None,
            url,
        }
    }

    #[test]
    fn admits_only_its_host_origin_and_secret() {
        let gate = Gate::new(7474, "ab".repeat(32));
        let url = format!("/s/{}/api/save", "ab".repeat(32));
        let own = Some("http://127.0.0.1:7474");
        assert_eq!(
            gate.admit(&seen("127.0.0.1:7474", own, &url)),
            Ok("/api/save")
        );
        assert_eq!(
            gate.admit(&seen("localhost:7474", Some("http://localhost:7474"), &url)),
            Ok("/api/save")
        );
        assert_eq!(
            gate.admit(&seen("rebind.example:7474", own, &url)),
            Err(Refusal::Host)
        );
        assert_eq!(
            gate.admit(&seen("127.0.0.1:8080", own, &url)),
            Err(Refusal::Host)
        );
        assert_eq!(
            gate.admit(&seen("127.0.0.1:7474", Some("http://127.0.0.1:8080"), &url)),
            Err(Refusal::Origin)
        );
        assert_eq!(
            gate.admit(&seen("127.0.0.1:7474", Some("null"), &url)),
            Err(Refusal::Origin)
        );
        assert_eq!(
            gate.admit(&seen("127.0.0.1:7474", None, &url)),
            Err(Refusal::Origin)
        );
        assert_eq!(
            gate.admit(&seen("127.0.0.1:7474", own, "/s/abab/api/save")),
            Err(Refusal::Secret)
        );
        assert_eq!(
            gate.admit(&seen("127.0.0.1:7474", own, "/api/save")),
            Err(Refusal::Secret)
        );
    }
}
