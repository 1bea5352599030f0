//! The public review log (issue 15): a collector whose trust list entry names a
//! log; its page index names a checkpoint, the brand embeds the cosigned note,
//! page files carry each review's leaf index and inclusion proof. One `pass_`
//! vector, then one `fail_` per attack the log exists to catch.

use ed25519_dalek::{Signer, SigningKey};
use serde_json::{json, Value};
use trust_manifest::{review_leaf, LogEntry, Timestamp};
use trust_tlog::checkpoint::encode_hash;
use trust_tlog::note::{Note, NoteSignature};
use trust_tlog::sign::{batch_proof, TiledLog};
use trust_tlog::vkey::key_id;
use trust_tlog::{cosignature, Checkpoint, SigType, VerifierKey};

use super::fixtures::*;
// The vectors' `signed` (a value), not the shared one (bytes).
use super::fixtures::signed;
use super::format::*;
use super::support::*;

/// Public test seeds (tests/vectors/README.md): the log key and three witnesses.
const LOG: u8 = 6;
const WITNESSES: [u8; 3] = [7, 8, 9];
const ORIGIN: &str = "reviews.test.example/log";
const DAY: u64 = 86_400;

fn signing(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn witness_name(seed: u8) -> String {
    format!("witness{seed}.test.example")
}

fn vkey(name: &str, kind: SigType, seed: u8) -> String {
    VerifierKey::new(name, kind, signing(seed).verifying_key().as_bytes())
        .unwrap()
        .to_string()
}

/// The trust list with the collector's log: k = 2 of the three witnesses.
fn logged_trust_list() -> trust_manifest::TrustListFile {
    let mut t = trust_list_file();
    t.attesters[0].log = Some(LogEntry {
        origin: ORIGIN.into(),
        key: vkey(ORIGIN, SigType::Ed25519, LOG),
        url: "https://reviews.test.example/log/".into(),
        witnesses: WITNESSES
            .iter()
            .map(|&w| vkey(&witness_name(w), SigType::Cosignature, w))
            .collect(),
        k: 2,
    });
    t
}

fn now() -> u64 {
    Timestamp::parse(NOW).unwrap().0 as u64
}

/// A checkpoint note signed by `log_seed` and cosigned by `witnesses` at `time`.
fn note(cp: &Checkpoint, log_seed: u8, witnesses: &[u8], time: u64) -> String {
    let text = cp.to_text();
    let log = signing(log_seed);
    let mut sigs = vec![NoteSignature {
        name: ORIGIN.into(),
        key_id: key_id(ORIGIN, SigType::Ed25519, log.verifying_key().as_bytes()),
        signature: log.sign(text.as_bytes()).to_bytes().to_vec(),
    }];
    for &w in witnesses {
        let k = signing(w);
        let mut sig = time.to_be_bytes().to_vec();
        sig.extend_from_slice(&k.sign(&cosignature::message(time, &text)).to_bytes());
        sigs.push(NoteSignature {
            name: witness_name(w),
            key_id: key_id(
                &witness_name(w),
                SigType::Cosignature,
                k.verifying_key().as_bytes(),
            ),
            signature: sig,
        });
    }
    Note::new(&text, sigs).unwrap().to_text()
}

/// The reviews as pages show them, and what the log holds: a leaf per review
/// (an unrelated brand's leaf first, a removal among them), with `logged`
/// rewriting the list the log is built from.
struct Log {
    checkpoint: Checkpoint,
    /// The review id of each leaf ("" for the others).
    ids: Vec<String>,
    tiled: TiledLog,
}

fn build_log(reviews: &[Value]) -> Log {
    let brand = public(BRAND);
    let mut leaves = vec![review_leaf(&public(OTHER_BRAND), "x1", b"{}")];
    let mut ids = vec![String::new()];
    for r in reviews {
        let id = r["id"].as_str().unwrap();
        leaves.push(review_leaf(
            &brand,
            id,
            serde_json::to_string(r).unwrap().as_bytes(),
        ));
        ids.push(id.into());
    }
    leaves.push(format!(
        r#"{{"t":"removal","brand":"{brand}","review":"gone","reason":"spam"}}"#
    ));
    ids.push(String::new());
    let tiled = TiledLog::build(&leaves);
    let checkpoint = Checkpoint {
        origin: ORIGIN.into(),
        size: tiled.size,
        root: tiled.root,
        extensions: vec![],
    };
    Log {
        checkpoint,
        ids,
        tiled,
    }
}

/// The leaf index of review `id` in `log`.
fn leaf_of(log: &Log, id: &str) -> u64 {
    log.ids.iter().position(|x| x == id).unwrap() as u64
}

/// A page's `log`: each review's leaf index as `at` says, and the batch proof
/// of those leaves in `tree`.
fn page_log(page: &[Value], at: &dyn Fn(&str) -> u64, tree: &Log) -> Value {
    let indices: Vec<u64> = page.iter().map(|r| at(r["id"].as_str().unwrap())).collect();
    let mut sorted = indices.clone();
    sorted.sort_unstable();
    let proof = batch_proof(&mut tree.tiled.tiles.clone(), &sorted, tree.tiled.size).unwrap();
    json!({ "indices": indices, "proof": proof.iter().map(encode_hash).collect::<Vec<_>>() })
}

fn pages() -> Vec<Vec<Value>> {
    let r = |i: usize, stars: u8| review(&format!("l{i}"), stars, &format!("Logged review {i}."));
    vec![
        vec![r(1, 5), r(2, 4)],
        vec![r(3, 3), r(4, 2)],
        vec![r(5, 4)],
    ]
}

/// A paged manifest from a logged collector: `shown` are the pages' reviews,
/// proven in `log` at the leaves `at` names,
/// the statement naming `named` and the brand embedding `note`.
fn logged_manifest(
    removals: &Value,
    shown: &[Vec<Value>],
    log: &Log,
    at: &dyn Fn(&str) -> u64,
    named: &Checkpoint,
    note: &str,
) -> (Value, Vec<Value>) {
    // The log below holds one removal, for spam: the collector's claimed count.
    let head = json!({ "origin": named.origin, "size": named.size, "root": encode_hash(&named.root),
                       "removals": removals });
    let (index, mut files) = review_pages_with(COLLECTOR, shown, 2, |s| s["log"] = head);
    for (file, page) in files.iter_mut().zip(shown) {
        file["log"] = page_log(page, at, log);
    }
    let mut m = manifest();
    m["review_pages"] = json!({
        "attestation": index,
        "page_url": "pages/{n}.json",
        "first": files[0],
        "checkpoint": note,
    });
    (signed(&m), files)
}

fn log_vector(description: &str, expect: &str, (envelope, files): (Value, Vec<Value>)) -> Vector {
    let mut v = vector(description, expect, envelope);
    v.attesters = Some(logged_trust_list());
    v.page = Some(PageCase {
        index: 1,
        file: files[1].clone(),
    });
    v
}

pub fn vectors(add: &mut impl FnMut(&str, Vector)) {
    let shown = pages();
    let all: Vec<Value> = shown.iter().flatten().cloned().collect();
    let log = build_log(&all);
    let cp = &log.checkpoint;
    let fresh = now() - DAY;
    let genuine = note(cp, LOG, &WITNESSES, fresh);
    let spam = json!([{ "reason": "spam", "count": 1 }]);
    let in_log = |id: &str| leaf_of(&log, id);
    add(
        "pass_log_review_page",
        log_vector(
            "A collector that keeps a public log (trust list: log key, 2 of 3 witnesses): its page \
             index names the checkpoint, the brand embeds it cosigned by all three a day ago, and \
             each review of page 1 is proven in the log.",
            "ok",
            logged_manifest(&spam, &shown, &log, &in_log, cp, &genuine),
        ),
    );
    add(
        "fail_log_missing_cosignature",
        log_vector(
            "The checkpoint carries one witness cosignature where the trust list asks for 2 of 3: \
             nothing from the collector is shown.",
            "log-invalid",
            logged_manifest(
                &spam,
                &shown,
                &log,
                &in_log,
                cp,
                &note(cp, LOG, &WITNESSES[..1], fresh),
            ),
        ),
    );
    add(
        "fail_log_stale_checkpoint",
        log_vector(
            "All three witnesses cosigned the checkpoint, eight days ago: older than the seven-day \
             window, so the log has moved on from it (a stale checkpoint served to hide what came after).",
            "log-invalid",
            logged_manifest(&spam, &shown, &log, &in_log, cp, &note(cp, LOG, &WITNESSES, now() - 8 * DAY)),
        ),
    );
    {
        // The log holds review l3 as written (3 stars); the collector's pages,
        // re-signed, show it with 5.
        let mut rewritten = shown.clone();
        rewritten[1][0]["reviewRating"]["ratingValue"] = json!(5);
        add(
            "fail_log_rewritten_leaf",
            log_vector(
                "Review l3 shown with 5 stars where the log holds it with 3 (the collector re-signed \
                 its pages, the log keeps what was published): its leaf is not in the log.",
                "log-invalid",
                logged_manifest(&spam, &rewritten, &log, &in_log, cp, &genuine),
            ),
        );
    }
    {
        // The collector rebuilt its log without l4 (no removal leaf), cosigned by
        // complicit witnesses; the brand's pages still show l4 with its old proof.
        let without: Vec<Value> = all.iter().filter(|r| r["id"] != "l4").cloned().collect();
        let quiet = build_log(&without);
        // l4 at the leaf it had; the others where the rebuilt log holds them.
        let mixed = |id: &str| match id {
            "l4" => leaf_of(&log, id),
            _ => leaf_of(&quiet, id),
        };
        let n = note(&quiet.checkpoint, LOG, &WITNESSES, fresh);
        add(
            "fail_log_deleted_review",
            log_vector(
                "The log was rebuilt without review l4 (deleted quietly, no removal leaf), signed and \
                 cosigned; page 1 still shows l4, which the log no longer holds.",
                "log-invalid",
                logged_manifest(&spam, &shown, &quiet, &mixed, &quiet.checkpoint, &n),
            ),
        );
    }
    {
        let mut v = log_vector(
            "A fork: this browser saw a checkpoint of the same size with another root (another \
             shopper's view of the log, or this log before it rewrote a leaf). Both are signed; no \
             proof can join them.",
            "log-invalid",
            logged_manifest(&spam, &shown, &log, &in_log, cp, &genuine),
        );
        let mut other = cp.root;
        other[0] ^= 1;
        v.log_seen = Some(json!({ "size": cp.size, "root": encode_hash(&other) }));
        add("fail_log_fork", v);
    }
    {
        let mut other = cp.clone();
        other.size += 1;
        other.root[0] ^= 1;
        add(
            "fail_log_other_checkpoint",
            log_vector(
                "The statement names a checkpoint of size 8; the brand embeds another (size 9), \
                 validly signed and cosigned.",
                "log-invalid",
                logged_manifest(
                    &spam,
                    &shown,
                    &log,
                    &in_log,
                    cp,
                    &note(&other, LOG, &WITNESSES, fresh),
                ),
            ),
        );
        add(
            "fail_log_wrong_key",
            log_vector(
                "The checkpoint is signed by a key other than the log's (the rogue collector's) under \
                 the log's name: no signature by the log's key.",
                "log-invalid",
                logged_manifest(&spam, &shown, &log, &in_log, cp, &note(cp, ROGUE_COLLECTOR, &WITNESSES, fresh)),
            ),
        );
    }
    add(
        "fail_log_removal_counts_repeated",
        log_vector(
            "The statement counts removals for spam twice (1, then 0): removal counts are one per \
             reason code, ascending, each at least 1, so a claim has one spelling; a malformed \
             claim about the log is the log not vouching.",
            "log-invalid",
            logged_manifest(
                &json!([{ "reason": "spam", "count": 1 }, { "reason": "spam", "count": 0 }]),
                &shown,
                &log,
                &in_log,
                cp,
                &genuine,
            ),
        ),
    );
    {
        // Page 1's batch proof with one hash changed, and with one hash added
        // after those it needs (the root would come out right): each refused.
        for (name, description, tamper) in [
            (
                "fail_log_tampered_batch_proof",
                "Page 1's batch inclusion proof has one hash changed: its reviews' leaves no longer \
                 give the checkpoint's root.",
                (|p: &mut Vec<Value>| p[0] = json!(encode_hash(&[7u8; 32]))) as fn(&mut Vec<Value>),
            ),
            (
                "fail_log_batch_proof_extra_hash",
                "Page 1's batch inclusion proof carries one hash more than the walk uses (the root \
                 computed from the others is right): a proof has one spelling, so it is refused.",
                |p: &mut Vec<Value>| p.push(p[0].clone()),
            ),
        ] {
            let mut v = log_vector(
                description,
                "log-invalid",
                logged_manifest(&spam, &shown, &log, &in_log, cp, &genuine),
            );
            let case = v.page.as_mut().unwrap();
            tamper(case.file["log"]["proof"].as_array_mut().unwrap());
            add(name, v);
        }
    }
    {
        // The same collector, attesting one review on its own: no leaf proves it.
        let envelope = attestation(
            COLLECTOR,
            "review",
            BRAND,
            Some("p1"),
            review("r2", 5, "Alone."),
        );
        let mut v = attested_review_vector(
            "The collector keeps a public log (its trust list entry names it) and attests review 1 \
             on its own, outside its review pages: a logged collector vouches only through leaves \
             proven in its log, so the review is dropped (log-invalid); the brand's own review stays.",
            envelope,
            "log-invalid",
        );
        v.attesters = Some(logged_trust_list());
        add("pass_log_review_attested_alone_dropped", v);
    }
}
