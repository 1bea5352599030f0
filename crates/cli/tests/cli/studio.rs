//! `trustctl studio`'s security rules against the real binary on a real port:
//! requests with another Host (DNS rebinding), another Origin (a web page, even
//! one on another port of 127.0.0.1), a cross-site fetch, a POST without Origin,
//! or without the session secret are refused with 403 and change nothing; the
//! same requests from the studio's own page are answered, and hostile text in a
//! field comes back escaped.

use crate::support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The studio running in `dir`; stopped when dropped.
struct Studio {
    child: Child,
    port: u16,
    /// `/s/<secret>/`
    base: String,
}

impl Drop for Studio {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request; the status and the body.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    (status, body)
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_trustctl"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("trustctl studio starts")
}

/// A scratch directory without a manifest, and the studio editing one there
/// (no widget build: the preview is off, which these rules do not need).
fn studio_in(name: &str) -> (std::path::PathBuf, Studio) {
    let dir = support::scratch(&format!("studio-{name}"));
    let out = spawn(
        &dir,
        &[
            "studio",
            "--no-open",
            "--port",
            "0",
            "--widget",
            "none",
            "manifest.json",
        ],
    )
    .wait_with_output()
    .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a --widget that is not a build: {err}"
    );
    assert!(err.contains("none has no manifest.json"), "{err}");

    let mut child = spawn(
        &dir,
        &["studio", "--no-open", "--port", "0", "manifest.json"],
    );
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // http://127.0.0.1:PORT/s/SECRET/
    let rest = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .expect("the address on stdout");
    let (port, base) = rest.split_at(rest.find('/').unwrap());
    (
        dir,
        Studio {
            child,
            port: port.parse().unwrap(),
            base: base.to_owned(),
        },
    )
}

type Headers = Vec<(&'static str, String)>;

fn own(studio: &Studio) -> Headers {
    vec![
        ("Host", format!("127.0.0.1:{}", studio.port)),
        ("Origin", format!("http://127.0.0.1:{}", studio.port)),
        ("Content-Type", "application/json".to_owned()),
    ]
}

fn with(
    mut headers: Vec<(&'static str, String)>,
    name: &'static str,
    value: Option<String>,
) -> Vec<(&'static str, String)> {
    headers.retain(|(k, _)| *k != name);
    if let Some(v) = value {
        headers.push((name, v));
    }
    headers
}

const SET_NAME: &str = r#"{"pointer":"/issuer/name","value":"Changed by a stranger"}"#;

#[test]
fn refuses_foreign_hosts_origins_and_requests_without_the_secret() {
    let (dir, studio) = studio_in("refuses");
    let save = format!("{}api/save", studio.base);
    let set = format!("{}api/set", studio.base);
    let port = studio.port;
    let refused: Vec<(&str, Headers, String)> = vec![
        (
            "a rebound DNS name",
            with(
                own(&studio),
                "Host",
                Some(format!("rebind.attacker.example:{port}")),
            ),
            save.clone(),
        ),
        (
            "another port's Host",
            with(own(&studio), "Host", Some("127.0.0.1:8080".into())),
            save.clone(),
        ),
        ("no Host", with(own(&studio), "Host", None), save.clone()),
        (
            "a web page's Origin",
            with(
                own(&studio),
                "Origin",
                Some("https://attacker.example".into()),
            ),
            save.clone(),
        ),
        (
            "another port on 127.0.0.1",
            with(own(&studio), "Origin", Some("http://127.0.0.1:8080".into())),
            save.clone(),
        ),
        (
            "Origin null (sandboxed frame, data: page)",
            with(own(&studio), "Origin", Some("null".into())),
            save.clone(),
        ),
        (
            "a POST without Origin",
            with(own(&studio), "Origin", None),
            save.clone(),
        ),
        (
            "a cross-site fetch",
            with(own(&studio), "Sec-Fetch-Site", Some("cross-site".into())),
            save.clone(),
        ),
        ("no session secret", own(&studio), "/api/save".into()),
        (
            "a wrong session secret",
            own(&studio),
            format!("/s/{}/api/save", "0".repeat(64)),
        ),
        (
            "a secret's prefix",
            own(&studio),
            format!("{}/api/save", &studio.base[..20]),
        ),
    ];
    for (what, headers, path) in &refused {
        let (status, body) = request(port, "POST", path, headers, "{}");
        assert_eq!(status, 403, "{what}: {body}");
        assert!(body.starts_with("refused"), "{what}: {body}");
    }
    // A change from a foreign origin changes nothing either.
    let foreign = with(
        own(&studio),
        "Origin",
        Some("https://attacker.example".into()),
    );
    assert_eq!(request(port, "POST", &set, &foreign, SET_NAME).0, 403);
    // GETs without the secret or with another Host are refused too (no probing,
    // no reading the draft through a rebound name).
    assert_eq!(request(port, "GET", "/", &own(&studio), "").0, 403);
    let rebound = with(
        own(&studio),
        "Host",
        Some(format!("rebind.attacker.example:{port}")),
    );
    assert_eq!(request(port, "GET", &studio.base, &rebound, "").0, 403);
    assert_eq!(
        request(
            port,
            "GET",
            &format!("{}api/state", studio.base),
            &rebound,
            ""
        )
        .0,
        403
    );
    assert!(!dir.join("manifest.json").exists(), "nothing was saved");

    // The same requests from the studio's own page are answered.
    let (status, page) = request(port, "GET", &studio.base, &own(&studio), "");
    assert_eq!(status, 200);
    assert!(page.contains("name=\"/issuer/name\""), "the form");
    // The widget's build is found beside the binary's target directory, as
    // `cargo xtask build` leaves it; without one the preview panel says how to get it.
    let bin = Path::new(env!("CARGO_BIN_EXE_trustctl"));
    let built = bin
        .parent()
        .and_then(Path::parent)
        .is_some_and(|t| t.join("www/manifest.json").is_file());
    let expected = if built {
        "id=\"preview-frame\""
    } else {
        "id=\"preview-missing\""
    };
    assert!(page.contains(expected), "widget build present: {built}");
    let (status, _) = request(
        port,
        "POST",
        &set,
        &own(&studio),
        r#"{"pointer":"/issuer/name","value":"Fjord Candles"}"#,
    );
    assert_eq!(status, 200);
    assert_eq!(request(port, "POST", &save, &own(&studio), "{}").0, 200);
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(saved["issuer"]["name"], "Fjord Candles");
}

#[test]
fn hostile_text_stays_text_and_only_the_forms_fields_are_set() {
    let (dir, studio) = studio_in("hostile");
    let port = studio.port;
    let set = format!("{}api/set", studio.base);
    let hostile = r#""><script>alert(1)</script><img src=x onerror=alert(2)>"#;
    let body = serde_json::json!({ "pointer": "/issuer/name", "value": hostile }).to_string();
    assert_eq!(request(port, "POST", &set, &own(&studio), &body).0, 200);
    let (_, page) = request(port, "GET", &studio.base, &own(&studio), "");
    assert!(
        !page.contains("<script>alert") && !page.contains("<img src=x"),
        "no markup from a field"
    );
    assert!(page.contains(
        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    ));

    // Fields the form does not have (the freshness fields `sign` fills, reviews)
    // and a form body that is not JSON are refused with the reason.
    for body in [
        r#"{"pointer":"/issued_at","value":"2020-01-01T00:00:00Z"}"#,
        r#"{"pointer":"/reviews/0/body","value":"x"}"#,
    ] {
        let (status, reason) = request(port, "POST", &set, &own(&studio), body);
        assert_eq!(status, 422, "{body}");
        assert!(reason.contains("the form has no field"), "{reason}");
    }
    let form = with(
        own(&studio),
        "Content-Type",
        Some("application/x-www-form-urlencoded".into()),
    );
    assert_eq!(
        request(port, "POST", &set, &form, "pointer=/issuer/name&value=x").0,
        422
    );
    let (_, state) = request(
        port,
        "GET",
        &format!("{}api/state", studio.base),
        &own(&studio),
        "",
    );
    assert!(!state.contains("2020-01-01"));
    assert!(!dir.join("manifest.json").exists());
}
