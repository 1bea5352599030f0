//! A real SMTP server for tests, in the test process: it speaks RFC 5321 over TCP
//! (EHLO/HELO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP,
//! QUIT), so the collector's real lettre client talks to it exactly as to a mail relay.
//! A message counts as delivered only when its terminating "." has arrived, as with any
//! real server: a client that dies mid-DATA delivers nothing.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and body), dot-unstuffed, CRLF line ends.
    pub data: String,
    /// The user that authenticated on this connection, if any.
    pub user: Option<String>,
    /// Whether the message came over TLS (after STARTTLS).
    pub tls: bool,
}

impl Received {
    /// A header's raw value (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut out: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = out.as_mut() {
                    v.push_str(line.trim_start());
                }
                continue;
            }
            if out.is_some() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case(name) {
                    out = Some(v.trim().to_string());
                }
            }
        }
        out
    }
}

#[derive(Default)]
struct Shared {
    received: Vec<Received>,
}

/// The running server; dropped with the test's runtime.
#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
}

/// What the server demands or does.
#[derive(Clone, Default)]
pub struct Options {
    /// Require AUTH with this user and password before MAIL.
    pub credentials: Option<(String, String)>,
    /// Wait this long after a message's final "." before answering 250 (the message is
    /// already accepted: a client killed meanwhile has still delivered it).
    pub delay_after_data: Option<Duration>,
    /// Offer STARTTLS with this server configuration (see `Options::starttls`).
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

impl Options {
    /// STARTTLS with a fresh self-signed certificate for 127.0.0.1 and localhost;
    /// returns the options and the certificate (PEM) a client must trust.
    pub fn starttls() -> (Options, String) {
        let names = vec!["127.0.0.1".to_string(), "localhost".to_string()];
        let ck = rcgen::generate_simple_self_signed(names).unwrap();
        let cert_pem = ck.cert.pem();
        let der = ck.cert.der().clone();
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(ck.key_pair.serialize_der().into());
        // ring, as lettre's client here (deprecated upstream for lacking post-quantum
        // key exchange, which a loopback test server does not need).
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![der], key)
            .unwrap();
        (
            Options {
                tls: Some(Arc::new(config)),
                ..Default::default()
            },
            cert_pem,
        )
    }
}

impl SmtpServer {
    pub async fn start(options: Options) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let s = shared.clone();
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let s = s.clone();
                let o = options.clone();
                tokio::spawn(async move {
                    let _ = session(Box::new(sock), s, o, false).await;
                });
            }
        });
        SmtpServer { port, shared }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }

    /// Waits (polling, no deadline assertion beyond `limit`) until `n` messages arrived.
    pub async fn wait_for(&self, n: usize, limit: Duration) -> Vec<Received> {
        let start = std::time::Instant::now();
        loop {
            let r = self.received();
            if r.len() >= n || start.elapsed() > limit {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn addr(arg: &str) -> String {
    // "FROM:<a@b> SIZE=1" -> "a@b"
    let start = arg.find('<').map(|i| i + 1).unwrap_or(0);
    let end = arg[start..]
        .find('>')
        .map(|i| i + start)
        .unwrap_or(arg.len());
    arg[start..end].to_string()
}

/// A plain or TLS connection (type-erased: a session continues on the TLS stream).
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

type Session = std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>> + Send>>;

/// One SMTP session on `sock`; after STARTTLS it continues on the TLS stream (a new
/// session, as RFC 3207 says: the client starts again with EHLO).
fn session(sock: Box<dyn Io>, shared: Arc<Mutex<Shared>>, o: Options, tls: bool) -> Session {
    Box::pin(async move {
        let (r, mut w) = tokio::io::split(sock);
        let mut r = BufReader::new(r);
        if !tls {
            w.write_all(b"220 test-smtp ESMTP ready\r\n").await?;
        }
        let (mut from, mut to, mut user): (Option<String>, Vec<String>, Option<String>) =
            (None, vec![], None);
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut line = String::new();
        loop {
            line.clear();
            if r.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let cmd = line.trim_end_matches(['\r', '\n']);
            let (verb, arg) = cmd.split_once(' ').unwrap_or((cmd, ""));
            let reply: &[u8] = match verb.to_ascii_uppercase().as_str() {
            "EHLO" if o.tls.is_some() && !tls => {
                b"250-test-smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n"
            }
            "EHLO" => b"250-test-smtp\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 AUTH PLAIN LOGIN\r\n",
            "STARTTLS" if o.tls.is_some() && !tls => {
                w.write_all(b"220 go ahead\r\n").await?;
                let stream = r.into_inner().unsplit(w);
                let acceptor = tokio_rustls::TlsAcceptor::from(o.tls.clone().unwrap());
                let tls_stream = acceptor.accept(stream).await?;
                return session(Box::new(tls_stream), shared, o, true).await;
            }
            "HELO" => b"250 test-smtp\r\n",
            "NOOP" => b"250 OK\r\n",
            "RSET" => {
                (from, to) = (None, vec![]);
                b"250 OK\r\n"
            }
            "QUIT" => {
                w.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            "AUTH" => {
                let mut parts = arg.split(' ');
                let mech = parts.next().unwrap_or("").to_ascii_uppercase();
                let (u, p) = match mech.as_str() {
                    "PLAIN" => {
                        let blob = match parts.next() {
                            Some(b) => b.to_string(),
                            None => {
                                w.write_all(b"334 \r\n").await?;
                                let mut l = String::new();
                                r.read_line(&mut l).await?;
                                l.trim().to_string()
                            }
                        };
                        let raw = b64.decode(blob).unwrap_or_default();
                        let f: Vec<&[u8]> = raw.split(|b| *b == 0).collect();
                        let s = |i: usize| {
                            String::from_utf8_lossy(f.get(i).copied().unwrap_or(b"")).into_owned()
                        };
                        (s(1), s(2))
                    }
                    "LOGIN" => {
                        let mut got = vec![];
                        for prompt in [&b"334 VXNlcm5hbWU6\r\n"[..], &b"334 UGFzc3dvcmQ6\r\n"[..]] {
                            w.write_all(prompt).await?;
                            let mut l = String::new();
                            r.read_line(&mut l).await?;
                            let v = b64.decode(l.trim()).unwrap_or_default();
                            got.push(String::from_utf8_lossy(&v).into_owned());
                        }
                        (got[0].clone(), got[1].clone())
                    }
                    _ => {
                        w.write_all(b"504 mechanism not supported\r\n").await?;
                        continue;
                    }
                };
                if o.credentials
                    .as_ref()
                    .is_none_or(|(cu, cp)| *cu == u && *cp == p)
                {
                    user = Some(u);
                    b"235 authenticated\r\n"
                } else {
                    b"535 bad credentials\r\n"
                }
            }
            "MAIL" => {
                if o.credentials.is_some() && user.is_none() {
                    b"530 authentication required\r\n"
                } else {
                    from = Some(addr(arg));
                    to.clear();
                    b"250 OK\r\n"
                }
            }
            "RCPT" => {
                if from.is_none() {
                    b"503 MAIL first\r\n"
                } else {
                    to.push(addr(arg));
                    b"250 OK\r\n"
                }
            }
            "DATA" => {
                if from.is_none() || to.is_empty() {
                    w.write_all(b"503 RCPT first\r\n").await?;
                    continue;
                }
                w.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    let mut l = String::new();
                    // A connection that ends before "." delivers nothing.
                    if r.read_line(&mut l).await? == 0 {
                        return Ok(());
                    }
                    if l == ".\r\n" || l == ".\n" {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(&l));
                }
                shared.lock().unwrap().received.push(Received {
                    from: from.take().unwrap_or_default(),
                    to: std::mem::take(&mut to),
                    data,
                    user: user.clone(),
                    tls,
                });
                if let Some(d) = o.delay_after_data {
                    tokio::time::sleep(d).await;
                }
                b"250 OK queued\r\n"
            }
            _ => b"502 command not implemented\r\n",
        };
            w.write_all(reply).await?;
        }
    })
}
