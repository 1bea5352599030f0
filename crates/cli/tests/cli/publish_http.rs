//! `trustctl publish --collector URL` against a real HTTP server in the test
//! process, laid out as the collector serves a brand (`/v1/brands/{id}/…`): the
//! index, and the pages under the root the index was signed over. A page that
//! fails its proof refuses the publish and leaves the published files as they were.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use support::{scratch, trustctl, trustctl_ok};

const BRAND: &str = "northwind-outdoor";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/publish.in")
}

/// A scratch directory with the fixtures (keys readable by their owner only) and
/// the collector's output of 20 November, as `trustctl pages` writes it.
fn workdir(name: &str) -> PathBuf {
    let dir = scratch(&format!("publish-http-{name}"));
    for f in [
        "brand.test-key",
        "brand.pub",
        "collector.test-key",
        "attesters.json",
        "manifest.json",
        "reviews.json",
    ] {
        std::fs::copy(fixtures().join(f), dir.join(f)).unwrap();
        #[cfg(unix)]
        if f.ends_with("test-key") {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.join(f), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    trustctl_ok(
        &dir,
        &[
            "pages",
            "--key",
            "collector.test-key",
            "--root",
            "brand.pub",
            "--brand",
            BRAND,
            "--page-size",
            "3",
            "--now",
            "2026-11-20T00:00:00Z",
            "reviews.json",
            "--out-dir",
            "collector",
        ],
    );
    dir
}

/// Serves `collector/` as the collector serves a brand; returns its base URL and
/// the paths it was asked for.
fn serve(collector: PathBuf) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!(
        "http://{}/v1/brands/{BRAND}",
        listener.local_addr().unwrap()
    );
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // Headers, up to the empty line.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
            log.lock().unwrap().push(path.clone());
            let file =
                path.strip_prefix(&format!("/v1/brands/{BRAND}/"))
                    .and_then(|rest| match rest.strip_prefix("pages/") {
                        // pages/{root}/page-{n}.json: only under the root the index names.
                        Some(rooted) => {
                            let (root, name) = rooted.split_once('/')?;
                            let index =
                                std::fs::read_to_string(collector.join("review-pages.json"))
                                    .ok()?;
                            index.contains(root).then(|| collector.join(name))
                        }
                        None => Some(collector.join(rest)),
                    });
            let mut stream = stream;
            let _ = match file.and_then(|f| std::fs::read(f).ok()) {
                Some(body) => write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .and_then(|()| stream.write_all(&body)),
                None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            };
        }
    });
    (base, asked)
}

fn publish(dir: &Path, base: &str, now: &str) -> (i32, String, String) {
    trustctl(
        dir,
        &[
            "publish",
            "--key",
            "brand.test-key",
            "--manifest",
            "manifest.json",
            "--out",
            "site",
            "--collector",
            base,
            "--trust",
            "attesters.json",
            "--now",
            now,
        ],
    )
}

#[test]
fn publishes_from_a_collector_url_with_pages_by_root() {
    let dir = workdir("ok");
    let (base, asked) = serve(dir.join("collector"));
    let (code, out, err) = publish(&dir, &base, "2026-11-22T10:00:00Z");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("3 review pages verified; wrote 4 files"),
        "{out}"
    );

    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked[0], format!("/v1/brands/{BRAND}/review-pages.json"));
    assert_eq!(asked.len(), 4, "the index and three pages: {asked:?}");
    let root = "794cc569a03c7a30bf8595f2798ecd0eea55c30cafa42ac728b6d03b6c6decb0";
    assert!(
        asked[1..]
            .iter()
            .all(|p| p.contains(&format!("/pages/{root}/page-"))),
        "pages are fetched by the signed root: {asked:?}"
    );

    let summary = trustctl_ok(
        &dir,
        &[
            "verify",
            "--key",
            "brand.pub",
            "--trust",
            "attesters.json",
            "--at",
            "2026-11-22T11:00:00Z",
            "--pages",
            "site/.well-known/reviews",
            "site/.well-known/trust-manifest.json",
        ],
    );
    assert!(
        summary.contains("pages:          3 of 3 verified"),
        "{summary}"
    );
}

#[test]
fn a_tampered_page_over_http_changes_nothing() {
    let dir = workdir("tampered");
    let (base, _) = serve(dir.join("collector"));
    assert_eq!(publish(&dir, &base, "2026-11-22T10:00:00Z").0, 0);
    let before = std::fs::read(dir.join("site/.well-known/trust-manifest.json")).unwrap();
    let page = std::fs::read(dir.join("site/.well-known/reviews/page-1.json")).unwrap();

    // The collector now serves a page changed after it signed the root.
    std::fs::copy(
        fixtures().join("tampered/page-1.json"),
        dir.join("collector/page-1.json"),
    )
    .unwrap();
    let (code, _, err) = publish(&dir, &base, "2026-11-23T10:00:00Z");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("proof-invalid"), "{err}");
    assert_eq!(
        std::fs::read(dir.join("site/.well-known/trust-manifest.json")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(dir.join("site/.well-known/reviews/page-1.json")).unwrap(),
        page
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("publish-"))
        .collect();
    assert!(left.is_empty(), "no staging directory left: {left:?}");
}
