//! `trustctl audit` over HTTP against a log written by trust-tlog's `sign` side
//! (the collector's tree builder, entry bundles, note signer and cosigners),
//! served from a real socket in the test process: the genuine log audits clean
//! and is tallied per brand; a rewritten entry, a log rebuilt without a review,
//! a fork, a missing cosignature and a stale checkpoint are each reported, exit 1.

use crate::support::{scratch, trustctl};

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::Value;
use trust_tlog::sign::{Cosigner, NoteSigner, TiledLog};

const ORIGIN: &str = "collector.test/log";
const LOG: [u8; 32] = [41; 32];
const WITNESSES: [[u8; 32]; 2] = [[42; 32], [43; 32]];
/// 2026-11-30T00:53:20Z, when the witnesses cosigned.
const SIGNED: u64 = 1_796_000_000;
const SOON: &str = "2026-11-30T01:00:00Z";

/// Leaves as the collector writes them: two brands, 400 reviews each published
/// once, every tenth of brand A removed afterwards.
fn entries(skip: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..400 {
        for brand in ["ed25519:A", "ed25519:B"] {
            let id = format!("{}-{i}", &brand[8..]);
            if skip != Some(id.as_str()) {
                out.push(format!(
                    r#"{{"t":"review","brand":"{brand}","review":"{id}","statement":"x{i}"}}"#
                ));
            }
        }
        if i % 10 == 9 {
            out.push(format!(
                r#"{{"t":"removal","brand":"ed25519:A","review":"A-{i}","reason":"spam"}}"#
            ));
        }
    }
    out
}

/// Writes the log for `entries` under `dir`: tiles, bundles and a checkpoint
/// cosigned by `witnesses`; returns its note.
fn write_log(dir: &Path, entries: &[String], witnesses: usize) -> String {
    let log = TiledLog::build(entries);
    let cosigners: Vec<Cosigner> = WITNESSES
        .iter()
        .take(witnesses)
        .enumerate()
        .map(|(i, w)| Cosigner::new(&format!("w{i}.test"), w).unwrap())
        .collect();
    let note = log.note(&NoteSigner::new(ORIGIN, &LOG).unwrap(), &cosigners, SIGNED);
    log.write_dir(dir, &note).unwrap();
    note
}

/// Serves `dir` as a log's prefix; returns the URL.
fn serve(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/log/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut line, mut header) = (String::new(), String::new());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
            let file = path
                .strip_prefix("/log/")
                .filter(|p| !p.contains(".."))
                .map(|p| dir.join(p));
            let mut stream = stream;
            let _ = match file.and_then(|f| std::fs::read(f).ok()) {
                Some(body) => write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                )
                .and_then(|()| stream.write_all(&body)),
                None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            };
        }
    });
    base
}

fn keys() -> Vec<String> {
    let mut args = vec![
        "--key".into(),
        NoteSigner::new(ORIGIN, &LOG).unwrap().vkey(),
    ];
    for (i, w) in WITNESSES.iter().enumerate() {
        args.push("--witness".into());
        args.push(Cosigner::new(&format!("w{i}.test"), w).unwrap().vkey());
    }
    args
}

/// Audits `url` with the log's keys and `extra` arguments: exit status and the
/// JSON report.
fn audit(dir: &Path, url: &str, extra: &[&str]) -> (i32, Value) {
    let mut args: Vec<String> = vec!["audit".into(), url.into(), "--json".into()];
    args.extend(keys());
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = trustctl(dir, &args);
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, report)
}

fn problems(report: &Value) -> String {
    report["problems"].to_string()
}

#[test]
fn a_genuine_log_audits_clean_and_is_tallied_per_brand() {
    let dir = scratch("audit-genuine");
    write_log(&dir.join("log"), &entries(None), 2);
    let url = serve(dir.join("log"));
    let (code, r) = audit(&dir, &url, &["--at", SOON]);
    assert_eq!(code, 0, "{}", problems(&r));
    assert_eq!(r["size"], 840);
    assert_eq!(r["entries"], 840);
    // 840 entries: 4 level-0 tiles (3 full, one of 72), a level-1 partial, 4 bundles.
    assert_eq!(r["tiles_checked"], 5);
    assert_eq!(r["bundles_checked"], 4);
    assert_eq!(r["signature"]["cosigned"].as_array().unwrap().len(), 2);
    let a = &r["brands"][0];
    assert_eq!(
        (
            a["brand"].as_str(),
            a["published"].as_u64(),
            a["removed"].as_u64()
        ),
        (Some("ed25519:A"), Some(360), Some(40))
    );
    assert_eq!(a["removed_by_reason"]["spam"], 40);
    assert_eq!(r["brands"][1]["published"], 400);
}

#[test]
fn each_attack_is_reported() {
    let dir = scratch("audit-attacks");
    let genuine = write_log(&dir.join("genuine"), &entries(None), 2);
    std::fs::write(dir.join("genuine.txt"), &genuine).unwrap();
    let url = serve(dir.clone());
    let at = |case: &str| url.replace("/log/", &format!("/log/{case}/"));

    // A rewritten entry: its bundle no longer gives the tiles or the root.
    let rewritten = dir.join("rewritten");
    write_log(&rewritten, &entries(None), 2);
    let b = rewritten.join("tile/entries/001");
    let text = String::from_utf8(std::fs::read(&b).unwrap())
        .unwrap()
        .replacen("\"spam\"", "\"fake\"", 1);
    std::fs::write(&b, text).unwrap();
    let (code, r) = audit(&dir, &at("rewritten"), &["--at", SOON]);
    assert_eq!(code, 1);
    assert!(
        problems(&r).contains("tile/0/001 disagrees with the entries"),
        "{}",
        problems(&r)
    );
    assert!(
        problems(&r).contains("root is not the checkpoint's"),
        "{}",
        problems(&r)
    );

    // A log rebuilt without review B-17 (signed, cosigned: consistent alone),
    // audited against the checkpoint seen before: a fork.
    write_log(&dir.join("deleted"), &entries(Some("B-17")), 2);
    let (code, r) = audit(&dir, &at("deleted"), &["--at", SOON]);
    assert_eq!(code, 0, "alone it looks consistent: {}", problems(&r));
    let (code, r) = audit(
        &dir,
        &at("deleted"),
        &["--at", SOON, "--previous", "genuine.txt"],
    );
    assert_eq!(code, 1);
    assert!(problems(&r).contains("fork"), "{}", problems(&r));
    assert_eq!(r["previous"]["consistent"], false);

    // The genuine log against itself seen before: consistent.
    let (code, r) = audit(
        &dir,
        &at("genuine"),
        &["--at", SOON, "--previous", "genuine.txt"],
    );
    assert_eq!(
        (code, &r["previous"]["consistent"]),
        (0, &Value::Bool(true))
    );

    // One cosignature where two are required; cosignatures eight days old.
    write_log(&dir.join("one"), &entries(None), 1);
    let (code, r) = audit(&dir, &at("one"), &["--at", SOON, "--k", "2"]);
    assert_eq!(code, 1);
    assert!(
        problems(&r).contains("1 of the required 2 witness cosignatures"),
        "{}",
        problems(&r)
    );
    let (code, r) = audit(&dir, &at("genuine"), &["--at", "2026-12-08T01:00:00Z"]);
    assert_eq!(code, 1);
    assert!(problems(&r).contains("stale"), "{}", problems(&r));
}

/// A review-pages statement for brand A naming the genuine log's head, with
/// `removals` as the collector's claim, signed by a collector key; returns the file.
fn statement(dir: &Path, name: &str, note: &str, removals: Value) -> String {
    let text = trust_tlog::Note::parse(note.as_bytes())
        .unwrap()
        .text()
        .to_owned();
    let cp = trust_tlog::Checkpoint::parse(&text).unwrap();
    let s = serde_json::json!({
        "spec": "1", "kind": "review-pages", "issued_at": "2026-11-30T00:50:00Z",
        "expires_at": "2026-12-07T00:50:00Z",
        "subject": { "brand": "brand-a", "root": "ed25519:A" },
        "aggregate": { "ratingCount": 360, "histogram": [0, 0, 0, 0, 360], "asOf": "2026-11-30" },
        "pages": { "page_size": 20, "pages": 18, "root": "00".repeat(32) },
        "log": { "origin": ORIGIN, "size": cp.size,
                 "root": trust_tlog::checkpoint::encode_hash(&cp.root), "removals": removals },
    });
    let key = trust_manifest::SecretKey::from_seed(&[44; 32]);
    let env = trust_manifest::sign_envelope(
        trust_manifest::ATTESTATION_PAYLOAD_TYPE,
        s.to_string().as_bytes(),
        &[&key],
    );
    let file = format!("{name}.json");
    std::fs::write(dir.join(&file), serde_json::to_string(&env).unwrap()).unwrap();
    file
}

#[test]
fn a_statement_whose_removal_counts_disagree_with_the_log_is_reported() {
    let dir = scratch("audit-removals");
    let note = write_log(&dir.join("log"), &entries(None), 2);
    let url = serve(dir.join("log"));
    let right = statement(
        &dir,
        "right",
        &note,
        serde_json::json!([{ "reason": "spam", "count": 40 }]),
    );
    let (code, r) = audit(&dir, &url, &["--at", SOON, "--statement", &right]);
    assert_eq!(code, 0, "{}", problems(&r));
    assert_eq!(r["statements"][0]["consistent"], true);
    assert_eq!(r["statements"][0]["removals_in_log"]["spam"], 40);

    // One removal hidden from the widget's count (39 where the log has 40), and
    // a count the log does not have at all: each an inconsistency, exit 1.
    for (name, claim) in [
        (
            "fewer",
            serde_json::json!([{ "reason": "spam", "count": 39 }]),
        ),
        ("none", serde_json::json!([])),
        (
            "other",
            serde_json::json!([{ "reason": "abusive", "count": 1 }, { "reason": "spam", "count": 40 }]),
        ),
    ] {
        let file = statement(&dir, name, &note, claim);
        let (code, r) = audit(&dir, &url, &["--at", SOON, "--statement", &file]);
        assert_eq!(code, 1, "{name}: {}", problems(&r));
        assert!(
            problems(&r).contains("removal counts"),
            "{name}: {}",
            problems(&r)
        );
        assert_eq!(r["statements"][0]["consistent"], false);
    }
}
