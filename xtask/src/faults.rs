//! Broken and hostile servers for the page tests: `/faults/<name>` answers a manifest
//! request the way a failing network, a misconfigured CDN or an attacker would.
//!
//! | name | answer |
//! | --- | --- |
//! | `not-found`, `server-error` | 404, 500 |
//! | `hang` | headers, then nothing until the client gives up |
//! | `trickle` | the valid envelope, 8 bytes every 200 ms |
//! | `truncated` | `content-length` larger than the body, then close |
//! | `wrong-type` | the valid envelope as `text/html` |
//! | `huge` | 10 MB with no `content-length`; bytes written are counted |
//! | `redirect` | 302 to the valid envelope on another origin |
//! | `cors` | the valid envelope without `access-control-allow-origin` (fails when fetched from the other origin) |
//! | `invalid-json`, `wrong-shape` | not JSON; JSON that is no envelope |
//! | `stats` | `{"other_origin", "huge_written", "huge_done"}` |
//! | `held/<fault>/<id>` | nothing until `release/<id>` is requested (or 60 s), then `<fault>`'s answer: a manifest still in flight for as long as a test needs, without timing |
//! | `release/<id>` | releases `held/…/<id>` (now, or as soon as it arrives); `{}` |
//! | anything staged by `site::fault_envelopes` | `valid`, `rollback`, `expired`, `wrong-key`, `stranger-high`, `tampered`, `origin-not-allowed` |
//!
//! Every answer but `cors` allows any origin, so that the other origin (a second
//! listener on the same site) can serve the redirect's target.

use std::{
    fs,
    io::{self, Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Condvar, Mutex,
    },
    thread,
    time::{Duration, Instant},
};

const HUGE_BYTES: u64 = 10 * 1000 * 1000;
static HUGE_WRITTEN: AtomicU64 = AtomicU64::new(0);
static HUGE_DONE: AtomicBool = AtomicBool::new(false);
/// Ids released by `release/<id>`, and the signal `held/…` waits on.
static RELEASED: (Mutex<Vec<String>>, Condvar) = (Mutex::new(Vec::new()), Condvar::new());

/// Answers `/faults/<name>` (the request line and headers are already read).
/// `other_origin` is the same site on another port (`serve` starts it when asked).
pub fn handle(
    stream: &mut TcpStream,
    name: &str,
    root: &Path,
    other_origin: &dyn Fn() -> &'static str,
) -> io::Result<()> {
    let valid = || fs::read(root.join("faults/valid.json")).unwrap_or_default();
    if let Some((fault, id)) = name.strip_prefix("held/").and_then(|r| r.split_once('/')) {
        wait_for_release(id);
        return handle(stream, fault, root, other_origin);
    }
    if let Some(id) = name.strip_prefix("release/") {
        let (released, signal) = &RELEASED;
        released
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(id.to_owned());
        signal.notify_all();
        return answer(stream, "200 OK", JSON, &[], b"{}");
    }
    match name {
        "stats" => {
            let body = format!(
                "{{\"other_origin\":\"{}\",\"huge_written\":{},\"huge_done\":{}}}",
                other_origin(),
                HUGE_WRITTEN.load(Ordering::SeqCst),
                HUGE_DONE.load(Ordering::SeqCst)
            );
            answer(stream, "200 OK", JSON, &[], body.as_bytes())
        }
        "not-found" => answer(
            stream,
            "404 Not Found",
            JSON,
            &[],
            b"{\"error\":\"not found\"}",
        ),
        "server-error" => answer(stream, "500 Internal Server Error", JSON, &[], b"{}"),
        "hang" => {
            head(stream, "200 OK", JSON, &["content-length: 4096"])?;
            wait_for_close(stream, Duration::from_secs(60))
        }
        "trickle" => {
            let body = valid();
            let length = format!("content-length: {}", body.len());
            head(stream, "200 OK", JSON, &[&length])?;
            for chunk in body.chunks(8) {
                stream.write_all(chunk)?;
                stream.flush()?;
                thread::sleep(Duration::from_millis(200));
            }
            Ok(())
        }
        "truncated" => {
            let body = valid();
            let length = format!("content-length: {}", body.len() + 1000);
            head(stream, "200 OK", JSON, &[&length])?;
            stream.write_all(&body[..body.len() / 2])?;
            stream.flush()
        }
        "wrong-type" => answer(stream, "200 OK", "text/html; charset=utf-8", &[], &valid()),
        "huge" => huge(stream),
        "redirect" => {
            let location = format!("location: {}/faults/valid", other_origin());
            answer(stream, "302 Found", JSON, &[&location], b"")
        }
        "cors" => {
            let body = valid();
            let header = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {JSON}\r\ncontent-length: {}\r\n\
                 cache-control: no-store\r\nconnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(header.as_bytes())?;
            stream.write_all(&body)?;
            stream.flush()
        }
        "invalid-json" => answer(
            stream,
            "200 OK",
            JSON,
            &[],
            b"{\"payloadType\": \"application/vnd.trust-widget.manifest.v1+json\", \"payload\": ",
        ),
        "wrong-shape" => answer(
            stream,
            "200 OK",
            JSON,
            &[],
            b"{\"manifest\": [1, 2, 3], \"signatures\": \"none\"}",
        ),
        staged => match staged_file(root, staged).and_then(|f| fs::read(f).ok()) {
            Some(body) => answer(stream, "200 OK", JSON, &[], &body),
            None => answer(stream, "404 Not Found", "text/plain", &[], b"no such fault"),
        },
    }
}

const JSON: &str = "application/json";

fn staged_file(root: &Path, name: &str) -> Option<PathBuf> {
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    plain.then(|| root.join("faults").join(format!("{name}.json")))
}

fn head(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    extra: &[&str],
) -> io::Result<()> {
    let mut header = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncache-control: no-store\r\n\
         access-control-allow-origin: *\r\nconnection: close\r\n"
    );
    for line in extra {
        header.push_str(line);
        header.push_str("\r\n");
    }
    header.push_str("\r\n");
    stream.write_all(header.as_bytes())?;
    stream.flush()
}

fn answer(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    extra: &[&str],
    body: &[u8],
) -> io::Result<()> {
    let length = format!("content-length: {}", body.len());
    let mut lines = vec![length.as_str()];
    lines.extend_from_slice(extra);
    head(stream, status, content_type, &lines)?;
    stream.write_all(body)?;
    stream.flush()
}

/// Blocks until `release/<id>` has been requested, or a minute has passed.
fn wait_for_release(id: &str) {
    let (released, signal) = &RELEASED;
    let guard = released.lock().unwrap_or_else(|e| e.into_inner());
    let _ = signal.wait_timeout_while(guard, Duration::from_secs(60), |ids| {
        !ids.iter().any(|i| i == id)
    });
}

/// Keeps the connection open, sending nothing, until the client closes it.
fn wait_for_close(stream: &mut TcpStream, at_most: Duration) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_millis(100)))?;
    let started = Instant::now();
    let mut buf = [0u8; 64];
    while started.elapsed() < at_most {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// 10 MB of JSON-looking bytes, no `content-length`, the end marked by closing.
/// Paced (64 KiB per 2 ms, about 30 MB/s) so that kernel buffers do not hide how
/// much the client really took before it went away: `huge_written` counts it.
fn huge(stream: &mut TcpStream) -> io::Result<()> {
    HUGE_WRITTEN.store(0, Ordering::SeqCst);
    HUGE_DONE.store(false, Ordering::SeqCst);
    let result = (|| {
        head(stream, "200 OK", JSON, &[])?;
        stream.write_all(b"{\"payload\":\"")?;
        let chunk = vec![b'A'; 64 * 1024];
        while HUGE_WRITTEN.load(Ordering::SeqCst) < HUGE_BYTES {
            stream.write_all(&chunk)?;
            HUGE_WRITTEN.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            thread::sleep(Duration::from_millis(2));
        }
        stream.write_all(b"\"}")
    })();
    HUGE_DONE.store(true, Ordering::SeqCst);
    result
}
