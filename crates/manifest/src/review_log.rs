//! The public review log (ARCHITECTURE.md, "The public review log"): a collector
//! that keeps a C2SP transparency log names a checkpoint in its review-pages
//! statement; the brand embeds the checkpoint note, cosigned by witnesses; each
//! page file carries its reviews' leaf indices and one inclusion proof. Here: the
//! checkpoint's checks (log signature, k of n fresh cosignatures, the statement's
//! tree head), each page's reviews' inclusion (one batch proof a page), and how a new checkpoint relates to the
//! one this browser saw before (`check_seen`; the widget proves the rest from
//! the log's tiles).

use alloc::string::String;
use alloc::vec::Vec;

use sha2::{Digest, Sha256};
use trust_tlog::proof::verify_batch_inclusion;
use trust_tlog::{leaf_hash, Freshness, Hash};

use crate::model::{LogHead, PageLog, ReviewPages};
use crate::trust::LogTrust;
use crate::verified::{ClaimRef, Dropped, PagedReviews, VerifiedManifest};
use crate::{Error, Timestamp};

/// Cosignatures older than this do not count: collectors re-gather them at least
/// daily, so a checkpoint a week old is one the log has moved past (stale).
pub const MAX_COSIGNATURE_AGE_SECONDS: u64 = 7 * 86_400;
/// Cosignatures up to this far in the future count (clock skew).
pub const COSIGNATURE_SKEW_SECONDS: u64 = 600;

/// A logged collector's checkpoint, verified, with what a review's leaf names.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedLog {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// The log's tlog-tiles prefix (from the trust list).
    pub url: String,
    /// The brand's root as the statement names it (each review leaf names it).
    pub(crate) brand_root: String,
}

fn invalid(what: impl core::fmt::Display) -> Error {
    Error::LogInvalid(alloc::format!("{what}"))
}

/// Checks the checkpoint a review-pages statement names against the collector's
/// log configuration at `now`.
pub(crate) fn check_checkpoint(
    log: &LogTrust,
    head: Option<&LogHead>,
    note: Option<&str>,
    now: Timestamp,
    brand_root: &str,
) -> Result<VerifiedLog, Error> {
    let (Some(head), Some(note)) = (head, note) else {
        return Err(invalid(
            "the collector keeps a log, and no checkpoint is named",
        ));
    };
    let fresh = Freshness {
        now: u64::try_from(now.0).unwrap_or(0),
        max_age: MAX_COSIGNATURE_AGE_SECONDS,
        skew: COSIGNATURE_SKEW_SECONDS,
    };
    let v = trust_tlog::verify_checkpoint(
        note.as_bytes(),
        &log.key,
        &log.origin,
        &log.witnesses,
        fresh,
    )
    .map_err(invalid)?;
    check_removals(&head.removals)?;
    let cp = v.checkpoint;
    let named = trust_tlog::checkpoint::parse_hash(&head.root);
    if head.origin != cp.origin || head.size != cp.size || named != Some(cp.root) {
        return Err(invalid(
            "the statement names another checkpoint than the one embedded",
        ));
    }
    Ok(VerifiedLog {
        origin: cp.origin,
        size: cp.size,
        root: cp.root,
        url: log.url.clone(),
        brand_root: String::from(brand_root),
    })
}

/// Most removal reasons a statement may count (the collector has five).
pub const MAX_REMOVAL_REASONS: usize = 32;

/// Removal counts are one per reason, in ascending code order, each at least 1,
/// so one claim has one spelling and the widget never shows a zero or a repeat.
/// A malformed claim about the log is the log not vouching (`log-invalid`).
fn check_removals(counts: &[crate::model::RemovalCount]) -> Result<(), Error> {
    if counts.len() > MAX_REMOVAL_REASONS {
        return Err(Error::TooLarge(String::from(
            "more than 32 removal reasons",
        )));
    }
    let ascending = counts.windows(2).all(|w| w[0].reason < w[1].reason);
    let valid = counts.iter().all(|c| {
        c.count > 0
            && !c.reason.is_empty()
            && c.reason.len() <= 64
            && c.reason
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-')
    });
    if !ascending || !valid {
        return Err(invalid(
            "removal counts must be one per reason code, ascending, each at least 1",
        ));
    }
    Ok(())
}

/// Verifies the log checkpoint of a page index whose collector keeps a log (by
/// its trust list entry) and attaches it; a collector without a log is left as
/// it is.
pub(crate) fn attach(
    m: &VerifiedManifest,
    paged: &mut PagedReviews,
    rp: &ReviewPages,
) -> Result<(), Error> {
    let attester = m
        .trust()
        .attesters()
        .iter()
        .find(|a| a.key.key_id() == paged.attestation.key_id);
    let Some(log) = attester.and_then(|a| a.log.as_ref()) else {
        return Ok(());
    };
    let v = check_checkpoint(
        log,
        paged.head.as_ref(),
        rp.checkpoint.as_deref(),
        m.verified_at,
        &paged.brand_root,
    )?;
    paged.log = Some(v);
    Ok(())
}

impl VerifiedManifest {
    /// Shows nothing more from the collector with key id `key_id`: its page
    /// index, aggregates and certifications are dropped with `error`, and its
    /// reviews fail with it when asked for. The widget calls it (through
    /// `refuse_log`) when the log's checkpoint is inconsistent with the one the
    /// browser saw before.
    pub(crate) fn distrust(&mut self, key_id: &str, error: Error) {
        let by = |a: Option<&crate::verified::Attestation>| a.is_some_and(|a| a.key_id == key_id);
        self.aggregates.retain(|a| !by(a.attestation()));
        self.certifications.retain(|c| !by(c.attestation()));
        if self
            .pages
            .as_ref()
            .is_some_and(|p| p.attestation.key_id == key_id)
        {
            self.pages = None;
        }
        self.distrusted.push(String::from(key_id));
        self.dropped.push(Dropped {
            claim: ClaimRef::ReviewPages,
            error,
        });
    }

    /// The review pages' collector's log failed a check made after verification
    /// (consistency with the checkpoint this browser saw): drop everything that
    /// collector vouches for, as `distrust` does.
    pub fn refuse_log(&mut self, error: Error) {
        if let Some(key_id) = self.pages.as_ref().map(|p| p.attestation.key_id.clone()) {
            self.distrust(&key_id, error);
        }
    }
}

/// A published review's leaf (one line of compact JSON, fixed key order): the
/// brand's root, the review's id, and the base64 SHA-256 of the review's JSON
/// exactly as the page carries it.
pub fn review_leaf(brand_root: &str, review_id: &str, review_json: &[u8]) -> String {
    use base64::Engine;
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(review_json));
    let mut s = String::from("{\"t\":\"review\",\"brand\":");
    json_string(&mut s, brand_root);
    s.push_str(",\"review\":");
    json_string(&mut s, review_id);
    s.push_str(",\"statement\":\"");
    s.push_str(&digest);
    s.push_str("\"}");
    s
}

/// A JSON string as serde_json writes it (the collector writes leaves with it).
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => out.push_str(&alloc::format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Checks that the reviews of a page (its JSON `text`, already proven and
/// parsed; `ids` in order) are in the log at the leaves the page names, with the
/// page's one batch proof: the leaves rebuilt from the reviews' exact bytes must
/// give the checkpoint's root.
pub(crate) fn check_reviews(
    log: &VerifiedLog,
    text: &str,
    ids: &[&str],
    page_log: Option<&PageLog>,
) -> Result<(), Error> {
    let page_log = page_log.ok_or_else(|| invalid("the page carries no log proof"))?;
    let spans = review_spans(text.as_bytes())
        .ok_or_else(|| invalid("the page's reviews cannot be located"))?;
    if spans.len() != ids.len() || page_log.indices.len() != ids.len() {
        return Err(invalid(alloc::format!(
            "{} log indices for {} reviews",
            page_log.indices.len(),
            ids.len()
        )));
    }
    if page_log.proof.len() > ids.len() * trust_tlog::proof::MAX_PROOF {
        return Err(Error::TooLarge(String::from(
            "a log proof of more than 64 hashes a review",
        )));
    }
    let proof = page_log
        .proof
        .iter()
        .map(|h| trust_tlog::checkpoint::parse_hash(h))
        .collect::<Option<Vec<Hash>>>()
        .ok_or(Error::BadEncoding("log proof"))?;
    let mut leaves: Vec<(u64, Hash)> = ids
        .iter()
        .zip(spans)
        .zip(&page_log.indices)
        .map(|((id, span), &index)| {
            let leaf = review_leaf(&log.brand_root, id, span);
            (index, leaf_hash(leaf.as_bytes()))
        })
        .collect();
    // The proof reads the leaves in index order; two reviews on one leaf stay
    // side by side and are refused as a repeated index.
    leaves.sort_unstable_by_key(|l| l.0);
    verify_batch_inclusion(log.size, &leaves, &proof, &log.root).map_err(|_| {
        invalid(alloc::format!(
            "the page's reviews ({}) are not all in the log at the leaves it names",
            ids.join(", ")
        ))
    })
}

/// The byte spans of the elements of the top-level object's `reviews` array, in
/// a text the strict reader already accepted (so only its structure is read).
fn review_spans(b: &[u8]) -> Option<Vec<&[u8]>> {
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = ws(b, i);
        let key_end = skip(b, i)?;
        let key = b.get(i..key_end)?;
        i = ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = ws(b, i + 1);
        if key == b"\"reviews\"" {
            if b.get(i) != Some(&b'[') {
                return None;
            }
            let mut out = Vec::new();
            i = ws(b, i + 1);
            if b.get(i) == Some(&b']') {
                return Some(out);
            }
            loop {
                let end = skip(b, i)?;
                out.push(&b[i..end]);
                i = ws(b, end);
                match b.get(i) {
                    Some(b',') => i = ws(b, i + 1),
                    Some(b']') => return Some(out),
                    _ => return None,
                }
            }
        }
        i = ws(b, skip(b, i)?);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return None,
        }
    }
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The end of the JSON value starting at `i`.
fn skip(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => {
            let mut j = i + 1;
            loop {
                match *b.get(j)? {
                    b'\\' => j += 2,
                    b'"' => return Some(j + 1),
                    _ => j += 1,
                }
            }
        }
        b'{' | b'[' => {
            let (mut depth, mut j) = (0usize, i);
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = skip(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while !matches!(
                b.get(j),
                None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
            ) {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// How a verified checkpoint relates to the last one this browser saw for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeenCheck {
    /// Nothing seen before (first visit, cleared storage).
    First,
    /// The same tree head.
    Same,
    /// Another size: consistent only if the log's tiles give both roots
    /// (`trust_tlog::tiles::roots_agree`), which the caller checks.
    NeedsProof { seen_size: u64, seen_root: Hash },
}

/// Compares a checkpoint with the one seen before: the same size with another
/// root is a fork, refused here with no request.
pub fn check_seen(seen: Option<(u64, Hash)>, log: &VerifiedLog) -> Result<SeenCheck, Error> {
    match seen {
        None => Ok(SeenCheck::First),
        Some((size, root)) if size == log.size && root == log.root => Ok(SeenCheck::Same),
        Some((size, _)) if size == log.size => Err(invalid(alloc::format!(
            "fork: two roots for size {size} of {}",
            log.origin
        ))),
        Some((seen_size, seen_root)) => Ok(SeenCheck::NeedsProof {
            seen_size,
            seen_root,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_the_exact_bytes() {
        let t = br#"{"index":0,"reviews":[{"id":"a","x":[1,{"y":"]}"}]},{"id":"b\"]"}, 3 ]}"#;
        let s = review_spans(t).unwrap();
        assert_eq!(
            s,
            [
                &br#"{"id":"a","x":[1,{"y":"]}"}]}"#[..],
                br#"{"id":"b\"]"}"#,
                b"3"
            ]
        );
        assert_eq!(review_spans(br#"{"reviews":[]}"#).unwrap().len(), 0);
        assert!(review_spans(br#"{"index":1}"#).is_none());
    }

    #[test]
    fn removal_counts_have_one_spelling() {
        use alloc::vec;
        let c = |reason: &str, count| crate::model::RemovalCount {
            reason: reason.into(),
            count,
        };
        assert!(check_removals(&[]).is_ok());
        assert!(check_removals(&[c("abusive", 2), c("spam-or-unrelated", 1)]).is_ok());
        for bad in [
            vec![c("spam", 1), c("abusive", 1)],
            vec![c("spam", 1), c("spam", 1)],
            vec![c("spam", 0)],
            vec![c("", 1)],
            vec![c("Spam", 1)],
        ] {
            let e = check_removals(bad.as_slice()).unwrap_err();
            assert_eq!(e.code(), "log-invalid", "{bad:?}");
        }
        let many: Vec<_> = (0..33).map(|i| c(&"a".repeat(i + 1), 1)).collect();
        assert!(check_removals(&many).is_err());
    }

    #[test]
    fn leaves_are_compact_json_in_key_order() {
        let l = review_leaf("ed25519:AA==", "r\"1", b"{}");
        assert_eq!(
            l,
            r#"{"t":"review","brand":"ed25519:AA==","review":"r\"1","statement":"RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o="}"#
        );
    }
}
