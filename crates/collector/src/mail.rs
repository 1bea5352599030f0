//! Sending one email over SMTP with lettre, in two phases so that the outbox can
//! record "sent" before the message becomes deliverable.
//!
//! Why two phases: a message is delivered when the server reads the final "." of DATA.
//! Recording "sent" after the server's 250 leaves a window (the commit) in which a
//! crash re-sends on restart; recording it before MAIL loses the message if the
//! crash comes first. Here the sender goes through MAIL, RCPT and DATA, then lets the
//! caller commit "sent" (conditionally on still holding the claim), and only then writes
//! the body and its final ".". A crash before the commit ends the connection mid-DATA,
//! which every SMTP server discards (RFC 5321 §4.1.1.4), so the restart sends it once;
//! after the commit the message is on its way. The one residual window is between the
//! commit and the kernel taking the final bytes (a few system calls): a crash exactly
//! there loses that message; nothing is ever sent twice. ARCHITECTURE.md "Outbox".

use std::time::Duration;

use anyhow::{bail, Context, Result};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailBodyParameter, MailParameter};
use lettre::Address;

/// Where and how to send: `smtp://[user:pass@]host[:port][?tls=required|opportunistic]`
/// or `smtps://…` (TLS from the first byte). Credentials from the environment
/// (`TRUST_COLLECTOR_SMTP_USER` / `_PASSWORD`) override those in the URL.
#[derive(Clone)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub credentials: Option<(String, String)>,
    /// Extra trusted certificate authorities (PEM), for a relay with a private CA.
    pub ca_pem: Option<Vec<u8>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain SMTP (local relays, tests).
    None,
    /// STARTTLS when the server offers it.
    Opportunistic,
    /// STARTTLS or fail.
    Required,
    /// Implicit TLS (`smtps://`, port 465).
    Wrapper,
}

impl std::fmt::Debug for SmtpTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password.
        write!(
            f,
            "{}:{} ({:?}, auth: {})",
            self.host,
            self.port,
            self.tls,
            self.credentials.is_some()
        )
    }
}

impl SmtpTarget {
    pub fn parse(url: &str, user: Option<String>, password: Option<String>) -> Result<SmtpTarget> {
        let u = url::Url::parse(url).context("the SMTP URL is not a URL")?;
        let (default_port, mut tls) = match u.scheme() {
            "smtp" => (25, TlsMode::None),
            "smtps" => (465, TlsMode::Wrapper),
            s => bail!("SMTP URL scheme must be smtp or smtps (got {s})"),
        };
        for (k, v) in u.query_pairs() {
            match (k.as_ref(), v.as_ref()) {
                ("tls", "required") if tls == TlsMode::None => tls = TlsMode::Required,
                ("tls", "opportunistic") if tls == TlsMode::None => tls = TlsMode::Opportunistic,
                ("tls", "none") if tls == TlsMode::None => {}
                _ => bail!("unknown SMTP URL option {k}={v} (tls=required|opportunistic|none)"),
            }
        }
        let host = u
            .host_str()
            .context("the SMTP URL has no host")?
            .to_string();
        let decode = |s: &str| percent_decode(s);
        let url_creds = (!u.username().is_empty())
            .then(|| (decode(u.username()), decode(u.password().unwrap_or(""))));
        let credentials = match (user, password) {
            (Some(u), p) => Some((u, p.unwrap_or_default())),
            (None, _) => url_creds,
        };
        Ok(SmtpTarget {
            host,
            port: u.port().unwrap_or(default_port),
            tls,
            credentials,
            ca_pem: None,
        })
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(hex, 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How a two-phase send ended.
#[derive(Debug)]
pub enum Sent {
    /// The server accepted the message.
    Delivered,
    /// The caller's commit said the claim was lost: nothing was delivered.
    NotCommitted,
    /// The server refused the message after the commit; the caller must undo "sent".
    Refused(String),
    /// The connection failed after the final "." was written: the message may have been
    /// delivered, so it stays "sent" (never twice).
    Unknown(String),
}

/// One open SMTP connection, reused for a batch.
pub struct Session {
    conn: AsyncSmtpConnection,
}

const TIMEOUT: Duration = Duration::from_secs(60);

impl Session {
    pub async fn open(t: &SmtpTarget) -> Result<Session> {
        let hello = ClientId::Domain("trust-collector".into());
        let tls = || -> Result<TlsParameters> {
            let mut b = TlsParameters::builder(t.host.clone());
            if let Some(pem) = &t.ca_pem {
                b = b.add_root_certificate(
                    Certificate::from_pem(pem).context("TRUST_COLLECTOR_SMTP_CA")?,
                );
            }
            Ok(b.build()?)
        };
        let mut conn = match t.tls {
            // lettre connects and wraps TLS itself.
            TlsMode::Wrapper => AsyncSmtpConnection::connect_tokio1(
                (t.host.as_str(), t.port),
                Some(TIMEOUT),
                &hello,
                Some(tls()?),
                None,
            )
            .await
            .with_context(|| format!("cannot connect to the SMTP server {t:?}"))?,
            // Our own socket, with TCP_NODELAY: lettre writes a message's body and its
            // final "." separately, and with Nagle's algorithm the second write waits
            // for the server's delayed ACK, 40 ms per message (20 messages/s measured).
            _ => {
                let tcp = tokio::time::timeout(
                    TIMEOUT,
                    tokio::net::TcpStream::connect((t.host.as_str(), t.port)),
                )
                .await
                .map_err(|_| anyhow::anyhow!("connecting timed out"))
                .and_then(|r| Ok(r?))
                .with_context(|| format!("cannot connect to the SMTP server {t:?}"))?;
                tcp.set_nodelay(true)?;
                AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello)
                    .await
                    .with_context(|| format!("SMTP greeting from {t:?}"))?
            }
        };
        let upgrade = match t.tls {
            TlsMode::Required => true,
            TlsMode::Opportunistic => conn.can_starttls(),
            _ => false,
        };
        if upgrade {
            conn.starttls(tls()?, &hello).await.context("STARTTLS")?;
        }
        if let Some((u, p)) = &t.credentials {
            conn.auth(
                &[Mechanism::Plain, Mechanism::Login],
                &Credentials::new(u.clone(), p.clone()),
            )
            .await
            .context("SMTP authentication")?;
        }
        Ok(Session { conn })
    }

    pub fn usable(&self) -> bool {
        !self.conn.has_broken()
    }

    /// Sends `message` (a complete RFC 5322 message) from `from` to `to`, calling
    /// `commit` once the server is ready for the body. `commit` returns false when the
    /// caller no longer holds the send (another instance took it over).
    pub async fn send<F, Fut>(
        &mut self,
        from: &str,
        to: &str,
        message: &[u8],
        commit: F,
    ) -> Result<Sent>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let from: Address = from.parse().context("the sender address")?;
        let to: Address = to.parse().context("the recipient address")?;
        let mut params = vec![];
        if !message.is_ascii() {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        if !(AsRef::<str>::as_ref(&from).is_ascii() && AsRef::<str>::as_ref(&to).is_ascii()) {
            params.push(MailParameter::SmtpUtfEight);
        }
        self.conn
            .command(Mail::new(Some(from), params))
            .await
            .context("MAIL FROM")?;
        self.conn
            .command(Rcpt::new(to, vec![]))
            .await
            .context("RCPT TO")?;
        self.conn.command(Data).await.context("DATA")?;
        // The server now waits for the body: record "sent" first (see the module doc).
        let committed = match commit().await {
            Ok(c) => c,
            Err(e) => {
                self.conn.abort().await;
                return Err(e.context("recording the send"));
            }
        };
        if !committed {
            // Closing mid-DATA makes the server drop the transaction.
            self.conn.abort().await;
            return Ok(Sent::NotCommitted);
        }
        match self.conn.message(message).await {
            Ok(_) => Ok(Sent::Delivered),
            Err(e) if e.is_permanent() || e.is_transient() => Ok(Sent::Refused(e.to_string())),
            Err(e) => Ok(Sent::Unknown(e.to_string())),
        }
    }

    pub async fn quit(mut self) {
        let _ = self.conn.quit().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = SmtpTarget::parse("smtp://127.0.0.1:2525", None, None).unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.tls),
            ("127.0.0.1", 2525, TlsMode::None)
        );
        assert!(t.credentials.is_none());
        let t = SmtpTarget::parse(
            "smtp://u%40x:p%3Fw@mail.example:587?tls=required",
            None,
            None,
        )
        .unwrap();
        assert_eq!(t.tls, TlsMode::Required);
        assert_eq!(t.credentials, Some(("u@x".into(), "p?w".into())));
        let t = SmtpTarget::parse(
            "smtps://mail.example",
            Some("env".into()),
            Some("pw".into()),
        )
        .unwrap();
        assert_eq!((t.port, t.tls), (465, TlsMode::Wrapper));
        assert_eq!(t.credentials, Some(("env".into(), "pw".into())));
        assert!(!format!("{t:?}").contains("pw"));
        assert!(SmtpTarget::parse("http://x", None, None).is_err());
        assert!(SmtpTarget::parse("smtp://x?tls=maybe", None, None).is_err());
    }
}
