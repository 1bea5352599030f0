//! What the log exists to catch, each with real signatures: a forked log, a
//! rewritten leaf, a missing cosignature, a stale checkpoint, a tampered note.

use crate::support::*;
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};
use trust_tlog::note::{Note, NoteSignature};
use trust_tlog::vkey::key_id;
use trust_tlog::{cosignature, verify_checkpoint, verify_consistency, Checkpoint, Error, SigType};

const ORIGIN: &str = "collector.example/log";

/// The seeds gen_aics.py derives its keys from.
fn key(seed: &str) -> SigningKey {
    SigningKey::from_bytes(&Sha256::digest(seed.as_bytes()).into())
}

/// A checkpoint signed by the vectors' log key and cosigned by the witnesses
/// `which` at `time`: what a log that lies would publish.
fn sign(cp: &Checkpoint, which: &[usize], time: u64) -> String {
    let text = cp.to_text();
    let log = key("trust-tlog test log");
    let mut sigs = vec![NoteSignature {
        name: ORIGIN.into(),
        key_id: key_id(ORIGIN, SigType::Ed25519, log.verifying_key().as_bytes()),
        signature: log.sign(text.as_bytes()).to_bytes().to_vec(),
    }];
    for &i in which {
        let w = key(&format!("trust-tlog test witness {i}"));
        let name = format!("witness{i}.example/w");
        let mut sig = time.to_be_bytes().to_vec();
        sig.extend_from_slice(&w.sign(&cosignature::message(time, &text)).to_bytes());
        sigs.push(NoteSignature {
            name: name.clone(),
            key_id: key_id(&name, SigType::Cosignature, w.verifying_key().as_bytes()),
            signature: sig,
        });
    }
    Note::new(&text, sigs).unwrap().to_text()
}

fn genuine() -> Checkpoint {
    let v = vectors();
    Checkpoint::parse(
        Note::parse(v["checkpoint"]["note"].as_str().unwrap().as_bytes())
            .unwrap()
            .text(),
    )
    .unwrap()
}

fn check(note: &str, k: usize, now: u64) -> Result<trust_tlog::VerifiedCheckpoint, Error> {
    let v = vectors();
    verify_checkpoint(
        note.as_bytes(),
        &log_key(&v),
        ORIGIN,
        &policy(&v, k),
        fresh_at(now),
    )
}

#[test]
fn our_signing_matches_theirs() {
    // Ed25519 is deterministic: signing the same checkpoint with the same keys
    // and times gives aics-tlog's note byte for byte.
    let v = vectors();
    let mut ours = sign(&genuine(), &[], 0);
    let theirs = v["checkpoint"]["note"].as_str().unwrap();
    assert!(
        theirs.starts_with(&ours[..ours.len() - 1]),
        "log signature line differs"
    );
    ours = sign(&genuine(), &[0], 1_796_000_000);
    assert!(theirs.starts_with(&ours));
}

/// Two checkpoints of the same size with different roots, each validly signed
/// and cosigned: each verifies alone (a browser that sees only one cannot tell),
/// and together they are a fork that no proof can join.
#[test]
fn a_fork_is_two_valid_checkpoints_that_are_inconsistent() {
    let a = genuine();
    let mut b = a.clone();
    b.root[0] ^= 1;
    let (na, nb) = (
        sign(&a, &[0, 1, 2], SIGNED_AT),
        sign(&b, &[0, 1, 2], SIGNED_AT),
    );
    let (va, vb) = (
        check(&na, 2, SIGNED_AT).unwrap(),
        check(&nb, 2, SIGNED_AT).unwrap(),
    );
    let err =
        verify_consistency(600, 600, &va.checkpoint.root, &vb.checkpoint.root, &[]).unwrap_err();
    assert!(
        matches!(err, Error::Inconsistent(ref m) if m.contains("fork")),
        "{err}"
    );
    // A larger forked tree is not consistent with the genuine smaller one either.
    let v = vectors();
    let old = Checkpoint::parse(
        Note::parse(v["old_checkpoint"]["note"].as_str().unwrap().as_bytes())
            .unwrap()
            .text(),
    )
    .unwrap();
    let proof = hashes(
        &v["consistency"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["old"] == 511)
            .unwrap()["proof"],
    );
    verify_consistency(511, 600, &old.root, &a.root, &proof).unwrap();
    assert!(verify_consistency(511, 600, &old.root, &b.root, &proof).is_err());
}

#[test]
fn missing_cosignatures_are_refused() {
    let cp = genuine();
    let one = sign(&cp, &[1], SIGNED_AT);
    assert_eq!(
        check(&one, 2, SIGNED_AT).unwrap_err(),
        Error::MissingCosignatures {
            required: 2,
            found: 1
        }
    );
    assert!(check(&one, 1, SIGNED_AT).is_ok());
    // The same witness twice counts once.
    let text = sign(&cp, &[1], SIGNED_AT);
    let line = text.lines().last().unwrap();
    let twice = format!("{text}{line}\n");
    assert_eq!(
        check(&twice, 2, SIGNED_AT).unwrap_err(),
        Error::MissingCosignatures {
            required: 2,
            found: 1
        }
    );
    // A cosignature by a key that is not in the policy does not count.
    let stranger = SigningKey::from_bytes(&[7; 32]);
    let txt = cp.to_text();
    let mut sig = SIGNED_AT.to_be_bytes().to_vec();
    sig.extend_from_slice(
        &stranger
            .sign(&cosignature::message(SIGNED_AT, &txt))
            .to_bytes(),
    );
    let mut note = Note::parse(one.as_bytes()).unwrap().signatures().to_vec();
    note.push(NoteSignature {
        name: "witness0.example/w".into(),
        key_id: key_id(
            "witness0.example/w",
            SigType::Cosignature,
            stranger.verifying_key().as_bytes(),
        ),
        signature: sig,
    });
    let n = Note::new(&txt, note).unwrap().to_text();
    assert_eq!(
        check(&n, 2, SIGNED_AT).unwrap_err(),
        Error::MissingCosignatures {
            required: 2,
            found: 1
        }
    );
}

#[test]
fn a_cosignature_over_another_checkpoint_refuses_the_note() {
    // A witness's cosignature lifted from the genuine checkpoint onto a forked
    // one: the name and key id match a known key, so it must verify, and it does
    // not: the whole note is refused.
    let v = vectors();
    let theirs = v["checkpoint"]["note"].as_str().unwrap();
    let lifted = theirs.lines().find(|l| l.contains("witness0")).unwrap();
    let mut b = genuine();
    b.root[0] ^= 1;
    let forked = format!("{}{lifted}\n", sign(&b, &[1], SIGNED_AT));
    assert_eq!(
        check(&forked, 1, SIGNED_AT).unwrap_err(),
        Error::SignatureInvalid("witness0.example/w".into())
    );
}

#[test]
fn a_stale_checkpoint_is_refused() {
    let v = vectors();
    let old = v["checkpoint"]["note"].as_str().unwrap();
    // Eight days after the witnesses last cosigned, with a window of seven.
    let later = SIGNED_AT + 8 * 86_400;
    assert!(matches!(check(old, 2, later).unwrap_err(), Error::Stale(_)));
    // Cosignatures from the future (beyond the skew) do not count as fresh.
    let future = sign(&genuine(), &[0, 1], SIGNED_AT + 3_600);
    assert!(matches!(
        check(&future, 2, SIGNED_AT).unwrap_err(),
        Error::Stale(_)
    ));
}

#[test]
fn tampered_notes_are_refused() {
    let v = vectors();
    let note = v["checkpoint"]["note"].as_str().unwrap();
    // The size changed: the log's signature no longer verifies.
    let grown = note.replacen("\n600\n", "\n601\n", 1);
    assert_eq!(
        check(&grown, 0, SIGNED_AT).unwrap_err(),
        Error::SignatureInvalid(ORIGIN.into())
    );
    // Signed by the log for another origin.
    let mut other = genuine();
    other.origin = "other.example/log".into();
    assert!(matches!(
        check(&sign(&other, &[0, 1], SIGNED_AT), 2, SIGNED_AT),
        Err(Error::WrongOrigin { .. })
    ));
    // No signature by the log's key at all.
    let text = genuine().to_text();
    let witnesses_only: Vec<_> = Note::parse(note.as_bytes()).unwrap().signatures()[1..].to_vec();
    let n = Note::new(&text, witnesses_only).unwrap().to_text();
    assert_eq!(check(&n, 0, SIGNED_AT).unwrap_err(), Error::UnknownKey);
    // Framing: control characters, no blank line, no final newline.
    for bad in [
        note.replace("600", "6\r00"),
        note.replacen("\n\n", "\n", 1),
        note.trim_end().to_string(),
    ] {
        assert!(
            matches!(check(&bad, 0, SIGNED_AT), Err(Error::MalformedNote(_))),
            "{bad:?}"
        );
    }
}

#[test]
fn checkpoint_text_has_one_spelling() {
    let root = "SljzOZOlrWANIQx7kaOXgf8an5pveMFxcCznvsLpBy0=";
    assert!(Checkpoint::parse(&format!("o\n600\n{root}\n")).is_ok());
    for bad in [
        format!("o\n0600\n{root}\n"),
        format!("o\n+600\n{root}\n"),
        format!("\n600\n{root}\n"),
        format!("o\n600\n{}\n", root.trim_end_matches('=')),
        format!("o\n600\n{root}"),
        format!("o\n600\n{root}\n\n"),
        format!("o\n0\n{root}\n"),
        "o\n600\n".to_string(),
    ] {
        assert!(Checkpoint::parse(&bad).is_err(), "{bad:?}");
    }
    let empty = "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
    assert_eq!(Checkpoint::parse(empty).unwrap().to_text(), empty);
}
