//! The public review log's page-test fixtures (`tests/browser/cases/review-log`),
//! signed at staging time (cosignatures must be fresh): one log identity and one
//! brand, in several versions, each under `site/log-cases/<case>/` with its
//! signed manifest, trust list (naming that version's tiles URL), page files and
//! the log's tiles as tlog-tiles lays them out. Keys are public test seeds, used
//! only here: the cases pin the brand key in the page.
//!
//! - `genuine`: 300 leaves of other brands, then the five reviews shown; 3 of 3
//!   witnesses cosigned an hour ago (the trust list asks for 2).
//! - `grown`: the same log three leaves later (consistent with `genuine`).
//! - `fork`: `genuine`'s size with one other brand's leaf rewritten, signed and
//!   cosigned (complicit witnesses): a fork of `genuine`.
//! - `fork-lifted`: that fork with `genuine`'s cosignatures copied on (honest
//!   witnesses never cosign a fork).
//! - `missing-cosignature`: `genuine` with one cosignature.
//! - `stale`: `genuine` cosigned eight days ago.
//! - `deleted-review`: the log rebuilt without review `log-r4` and two leaves on
//!   (a different size), its pages without it: consistent-looking alone, not
//!   with `genuine`.
//! - `rewritten-leaf`: `genuine`'s log, the first page showing review `log-r1`
//!   with another body than the log holds.

use std::{fs, path::Path};

use anyhow::Result;
use serde_json::{json, Value};
use trust_manifest::{
    page_files, review_leaf, sign_envelope, SecretKey, Timestamp, ATTESTATION_PAYLOAD_TYPE,
    MANIFEST_PAYLOAD_TYPE,
};
use trust_tlog::checkpoint::encode_hash;
use trust_tlog::sign::{batch_proof, Cosigner, NoteSigner, TiledLog, Tiles};
use trust_tlog::Hash;

const BRAND: [u8; 32] = [21; 32];
const COLLECTOR: [u8; 32] = [22; 32];
const LOG: [u8; 32] = [23; 32];
const WITNESSES: [[u8; 32]; 3] = [[24; 32], [25; 32], [26; 32]];
const ORIGIN: &str = "reviews.log-cases.test/log";
const PRODUCT: &str = "tent-ridgeline-2";
const HOUR: u64 = 3_600;

/// A log version: its leaves (entry bytes), tiles and files.
struct Log {
    entries: Vec<String>,
    size: u64,
    root: Hash,
    tiles: Tiles,
    tiled: TiledLog,
}

fn build(entries: Vec<String>) -> Log {
    let tiled = TiledLog::build(&entries);
    Log {
        size: tiled.size,
        root: tiled.root,
        tiles: tiled.tiles.clone(),
        entries,
        tiled,
    }
}

fn filler(i: usize, tag: &str) -> String {
    let other = SecretKey::from_seed(&[27; 32]).public();
    review_leaf(
        &other.to_string(),
        &format!("other-{i}"),
        format!("{{\"n\":\"{tag}{i}\"}}").as_bytes(),
    )
}

fn review(i: usize, body: &str) -> Value {
    json!({
        "id": format!("log-r{i}"), "product": PRODUCT, "reviewRating": { "ratingValue": 3 + i % 3 },
        "reviewBody": body, "inLanguage": "en", "datePublished": "2026-11-20", "author": format!("Log Shopper {i}"),
    })
}

/// The note for `log`, signed by the log and cosigned by `witnesses` at `time`.
fn note(log: &Log, witnesses: &[[u8; 32]], time: u64) -> String {
    let cosigners: Vec<Cosigner> = witnesses
        .iter()
        .enumerate()
        .map(|(i, w)| Cosigner::new(&format!("w{i}.log-cases.test"), w).expect("name"))
        .collect();
    let signer = NoteSigner::new(ORIGIN, &LOG).expect("name");
    log.tiled.note(&signer, &cosigners, time)
}

/// Writes one case: the pages of `shown` (proven in `log`), the statement naming
/// `log`'s head, the manifest embedding `note`, the trust list and the tiles.
fn write_case(
    dir: &Path,
    origin: &str,
    base: &Value,
    log: &Log,
    shown: &[Value],
    note: &str,
    now: i64,
) -> Result<()> {
    let brand_root = SecretKey::from_seed(&BRAND).public().to_string();
    let pages: Vec<Vec<Value>> = shown.chunks(2).map(<[Value]>::to_vec).collect();
    let texts = pages
        .iter()
        .enumerate()
        .map(|(i, p)| json!({ "index": i, "reviews": p }).to_string())
        .collect();
    let (root, files) = page_files(texts);
    let mut histogram = [0u64; 5];
    for r in shown {
        histogram[r["reviewRating"]["ratingValue"].as_u64().unwrap_or(1) as usize - 1] += 1;
    }
    let day = |d: i64| Timestamp(now + d * 86_400).to_string();
    let statement = json!({
        "spec": "1", "kind": "review-pages", "issued_at": day(-1), "expires_at": day(6),
        "subject": { "brand": "northwind-outdoor", "root": brand_root, "product": PRODUCT },
        "aggregate": { "ratingCount": shown.len(), "histogram": histogram, "asOf": &day(-1)[..10] },
        "pages": { "page_size": 2, "pages": pages.len(), "root": root },
        "log": { "origin": ORIGIN, "size": log.size, "root": encode_hash(&log.root) },
    });
    let collector = SecretKey::from_seed(&COLLECTOR);
    let index = sign_envelope(
        ATTESTATION_PAYLOAD_TYPE,
        statement.to_string().as_bytes(),
        &[&collector],
    );
    fs::create_dir_all(dir.join("pages"))?;
    let mut files: Vec<Value> = files
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    for (file, page) in files.iter_mut().zip(&pages) {
        let mut indices = Vec::new();
        for r in page {
            let id = r["id"].as_str().unwrap_or_default();
            // The review's leaf in the log, by its exact bytes; absent (deleted
            // from the log, or rewritten), where it was in `genuine` stands in.
            let leaf = review_leaf(&brand_root, id, r.to_string().as_bytes());
            let at = log
                .entries
                .iter()
                .position(|e| *e == leaf)
                .unwrap_or(300 + indices.len());
            indices.push(at as u64);
        }
        // One batch proof for the page's leaves (in index order).
        let mut sorted = indices.clone();
        sorted.sort_unstable();
        let proof = batch_proof(&mut log.tiles.clone(), &sorted, log.size).unwrap_or_default();
        file["log"] = json!({ "indices": indices, "proof": proof.iter().map(encode_hash).collect::<Vec<_>>() });
    }
    for (n, f) in files.iter().enumerate() {
        fs::write(dir.join(format!("pages/{n}.json")), f.to_string())?;
    }
    let mut m = base.clone();
    m["issued_at"] = json!(Timestamp(now - 3_600).to_string());
    m["expires_at"] = json!(day(6));
    m["sequence"] = json!(1);
    m["reviews"] = json!([]);
    m["certifications"] = json!([]);
    m["review_pages"] = json!({ "attestation": index, "page_url": "pages/{n}.json", "first": files[0], "checkpoint": note });
    let brand = SecretKey::from_seed(&BRAND);
    let envelope = sign_envelope(MANIFEST_PAYLOAD_TYPE, m.to_string().as_bytes(), &[&brand]);
    fs::write(dir.join("manifest.json"), serde_json::to_string(&envelope)?)?;
    let case = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let witnesses: Vec<String> = WITNESSES
        .iter()
        .enumerate()
        .map(|(i, w)| {
            Cosigner::new(&format!("w{i}.log-cases.test"), w)
                .expect("name")
                .vkey()
        })
        .collect();
    let trust = json!({ "attesters": [{
        "name": "Log Test Collector", "key": collector.public().to_string(), "kinds": ["review", "aggregate"],
        "log": { "origin": ORIGIN, "key": NoteSigner::new(ORIGIN, &LOG).expect("name").vkey(),
                 "url": format!("{origin}/log-cases/{case}/log/"), "witnesses": witnesses, "k": 2 },
    }]});
    fs::write(
        dir.join("attesters.json"),
        serde_json::to_string_pretty(&trust)?,
    )?;
    log.tiled.write_dir(&dir.join("log"), note)?;
    Ok(())
}

/// Stages every case under `site/log-cases/`, from the outdoor brand's unsigned
/// manifest (as staged for `origin`), and writes the brand key to `keys.json`'s
/// map as `log-cases`.
pub(super) fn stage(
    unsigned: &Path,
    site: &Path,
    origin: &str,
    keys: &mut std::collections::BTreeMap<String, String>,
) -> Result<()> {
    let base: Value = serde_json::from_slice(&fs::read(unsigned)?)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let ts = now as i64;
    let brand_root = SecretKey::from_seed(&BRAND).public().to_string();
    let shown: Vec<Value> = (1..=5)
        .map(|i| review(i, &format!("Logged review {i}: held up in the rain.")))
        .collect();
    let leaf = |r: &Value| {
        review_leaf(
            &brand_root,
            r["id"].as_str().unwrap_or_default(),
            r.to_string().as_bytes(),
        )
    };
    let mut entries: Vec<String> = (0..300).map(|i| filler(i, "g")).collect();
    entries.extend(shown.iter().map(leaf));
    let genuine = build(entries.clone());
    let recent = now - HOUR;
    let dir = |case: &str| site.join("log-cases").join(case);
    let case = |name: &str, log: &Log, shown: &[Value], note: &str| {
        write_case(&dir(name), origin, &base, log, shown, note, ts)
    };

    case(
        "genuine",
        &genuine,
        &shown,
        &note(&genuine, &WITNESSES, recent),
    )?;
    case(
        "missing-cosignature",
        &genuine,
        &shown,
        &note(&genuine, &WITNESSES[..1], recent),
    )?;
    case(
        "stale",
        &genuine,
        &shown,
        &note(&genuine, &WITNESSES, now - 8 * 24 * HOUR),
    )?;
    let mut grown_entries = entries.clone();
    grown_entries.extend((300..303).map(|i| filler(i, "g")));
    let grown = build(grown_entries);
    case("grown", &grown, &shown, &note(&grown, &WITNESSES, recent))?;

    let mut forked_entries = entries.clone();
    forked_entries[7] = filler(7, "rewritten");
    let fork = build(forked_entries);
    case("fork", &fork, &shown, &note(&fork, &WITNESSES, recent))?;
    // The fork with genuine's cosignature lines: they do not verify over it.
    let genuine_note = note(&genuine, &WITNESSES, recent);
    let lifted: String = genuine_note
        .lines()
        .skip(5)
        .map(|l| format!("{l}\n"))
        .collect();
    case(
        "fork-lifted",
        &fork,
        &shown,
        &(note(&fork, &[], recent) + &lifted),
    )?;

    let kept: Vec<Value> = shown
        .iter()
        .filter(|r| r["id"] != "log-r4")
        .cloned()
        .collect();
    let mut quiet: Vec<String> = (0..300).map(|i| filler(i, "g")).collect();
    quiet.extend(kept.iter().map(leaf));
    quiet.extend((300..302).map(|i| filler(i, "g")));
    let quiet = build(quiet);
    case(
        "deleted-review",
        &quiet,
        &kept,
        &note(&quiet, &WITNESSES, recent),
    )?;

    let mut rewritten = shown.clone();
    rewritten[0]["reviewBody"] = json!("Logged review 1: best tent ever, five stars!");
    case("rewritten-leaf", &genuine, &rewritten, &genuine_note)?;
    keys.insert("log-cases".into(), brand_root);
    Ok(())
}
