//! The demo's mailbox: a real SMTP server (RFC 5321 over TCP: EHLO/HELO, MAIL, RCPT,
//! DATA with dot-unstuffing, RSET, NOOP, QUIT) that keeps what the collector sends,
//! and the mail decoding the mailbox page needs (RFC 2047 subjects, MIME parts,
//! base64 and quoted-printable bodies). Nothing leaves the machine: every message
//! ends here, whatever its recipient.

use std::{
    io::{BufRead, BufReader, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    sync::{Arc, Mutex},
    thread,
};

use anyhow::Result;
use base64::Engine as _;

/// One delivered message.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    /// The message as sent (headers and body), dot-unstuffed, CRLF line ends.
    pub data: String,
}

/// The server and what it has received; cheap to clone.
#[derive(Clone, Default)]
pub struct Mailbox {
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl Mailbox {
    /// Starts the SMTP server on a free loopback port; returns its address.
    pub fn start(&self) -> Result<SocketAddr> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let mails = self.mails.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mails = mails.clone();
                thread::spawn(move || {
                    let _ = session(stream, &mails);
                });
            }
        });
        Ok(addr)
    }

    /// Every message so far, oldest first.
    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// One SMTP session. A message counts only once its final "." arrived: a client
/// that goes away mid-DATA delivers nothing (as with any real server).
fn session(stream: TcpStream, mails: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    out.write_all(b"220 demo-mailbox ESMTP\r\n")?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-demo-mailbox\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" | "NOOP" => b"250 ok\r\n",
            "MAIL" => {
                to.clear();
                b"250 ok\r\n"
            }
            "RCPT" => {
                let addr = command.split_once(':').map_or("", |(_, a)| a);
                let addr = addr.split_whitespace().next().unwrap_or("");
                to.push(addr.trim_matches(['<', '>']).to_string());
                b"250 ok\r\n"
            }
            "RSET" => {
                to.clear();
                b"250 ok\r\n"
            }
            "DATA" => {
                out.write_all(b"354 end with <CRLF>.<CRLF>\r\n")?;
                let Some(data) = read_data(&mut reader)? else {
                    return Ok(());
                };
                mails.lock().unwrap_or_else(|e| e.into_inner()).push(Mail {
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 queued\r\n"
            }
            "QUIT" => {
                out.write_all(b"221 bye\r\n")?;
                return Ok(());
            }
            _ => b"502 not implemented\r\n",
        };
        out.write_all(reply)?;
    }
}

/// The DATA section up to the lone ".", dot-unstuffed; None if the client left first.
fn read_data(reader: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let text = line.trim_end_matches(['\r', '\n']);
        if text == "." {
            return Ok(Some(data));
        }
        data.push_str(text.strip_prefix('.').unwrap_or(text));
        data.push_str("\r\n");
    }
}

/// A message's headers (unfolded, names lower-cased) and body.
fn split(message: &str) -> (Vec<(String, String)>, &str) {
    let (head, body) = message.split_once("\r\n\r\n").unwrap_or((message, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim_start());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    (headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

impl Mail {
    /// The decoded Subject.
    pub fn subject(&self) -> String {
        decode_words(header(&split(&self.data).0, "subject").unwrap_or(""))
    }

    /// The text/plain part, transfer-decoded (the invitation's link is in it).
    pub fn text(&self) -> String {
        part_text(&self.data, "text/plain").unwrap_or_default()
    }

    /// A raw header value (first occurrence).
    pub fn header(&self, name: &str) -> Option<String> {
        header(&split(&self.data).0, &name.to_ascii_lowercase()).map(str::to_string)
    }
}

/// The first part of type `want` in a (possibly multipart) message, decoded.
fn part_text(entity: &str, want: &str) -> Option<String> {
    let (headers, body) = split(entity);
    let kind = header(&headers, "content-type").unwrap_or("text/plain");
    let lower = kind.to_ascii_lowercase();
    if lower.starts_with("multipart/") {
        let boundary = kind.split(';').find_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            k.eq_ignore_ascii_case("boundary")
                .then(|| v.trim_matches('"').to_string())
        })?;
        let delimiter = format!("--{boundary}");
        return body
            .split(delimiter.as_str())
            .skip(1)
            .take_while(|p| !p.starts_with("--"))
            .find_map(|p| part_text(p.trim_start_matches("\r\n"), want));
    }
    if !lower.starts_with(want) {
        return None;
    }
    let encoding = header(&headers, "content-transfer-encoding")
        .unwrap_or("7bit")
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(body.split_whitespace().collect::<String>())
            .ok()?,
        "quoted-printable" => quoted_printable(body, false),
        _ => body.as_bytes().to_vec(),
    };
    Some(String::from_utf8_lossy(&bytes).replace("\r\n", "\n"))
}

/// Quoted-printable (RFC 2045), or RFC 2047's "Q" encoding when `q` (`_` is a space).
fn quoted_printable(text: &str, q: bool) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3).unwrap_or(b""))
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            b'_' if q => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) in a header value;
/// whitespace between two encoded words is dropped, as the RFC says.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let between = &rest[..start];
        let word = rest[start + 2..].splitn(3, '?').collect::<Vec<_>>();
        let decoded = match word.as_slice() {
            [_charset, enc, tail] => tail.find("?=").and_then(|end| {
                let text = &tail[..end];
                let bytes = match enc.to_ascii_lowercase().as_str() {
                    "b" => base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .ok()?,
                    "q" => quoted_printable(text, true),
                    _ => return None,
                };
                let used = start + 2 + word[0].len() + 1 + enc.len() + 1 + end + 2;
                Some((String::from_utf8_lossy(&bytes).into_owned(), used))
            }),
            _ => None,
        };
        match decoded {
            Some((text, used)) => {
                if !(last_was_word && between.trim().is_empty()) {
                    out.push_str(between);
                }
                out.push_str(&text);
                rest = &rest[used..];
                last_was_word = true;
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_and_parts_decode() {
        assert_eq!(
            decode_words("=?utf-8?b?V2llIHdhcg==?= =?utf-8?q?_Ihr_Zelt=3F?="),
            "Wie war Ihr Zelt?"
        );
        assert_eq!(decode_words("plain subject"), "plain subject");
        let message = "Subject: x\r\nContent-Type: multipart/alternative; boundary=\"B\"\r\n\r\n\
            --B\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
            Gr=C3=BC=C3=9Fe, link: http://x/r/ab=\r\ncd\r\n--B\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--B--\r\n";
        let mail = Mail {
            to: vec![],
            data: message.into(),
        };
        assert_eq!(mail.text(), "Grüße, link: http://x/r/abcd\n");
    }

    #[test]
    fn a_message_is_delivered_only_with_its_final_dot() {
        let mut cut = "Subject: a\r\n\r\nbody\r\n".as_bytes();
        assert_eq!(read_data(&mut cut).unwrap(), None);
        let mut whole = "Subject: a\r\n\r\n..dot\r\n.\r\n".as_bytes();
        assert_eq!(
            read_data(&mut whole).unwrap().as_deref(),
            Some("Subject: a\r\n\r\n.dot\r\n")
        );
    }
}
