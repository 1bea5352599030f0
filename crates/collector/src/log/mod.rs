//! The public review log (issue 15; ARCHITECTURE.md "The review log"): every
//! published review (each version as served) and every removal is a leaf of one
//! append-only Merkle tree, served under `/log/` exactly as c2sp.org/tlog-tiles
//! lays it out, with a checkpoint signed by the log key and cosigned by the
//! configured witnesses (c2sp.org/tlog-witness).
//!
//! `append` runs inside the caller's transaction (the publication's, or the
//! removal's), so a leaf and what it records commit together or not at all;
//! `sequence` folds appended leaves into the tiles and signs a checkpoint.

mod cosign;
mod publication;
mod read;
mod routes;
mod sequence;

use anyhow::{bail, Context, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use trust_tlog::sign::NoteSigner;

pub use cosign::{gather, gather_latest};
pub use publication::{log_reviews, Logged};
pub use read::{latest_checkpoint, proofs, tiles_for, LatestCheckpoint};
pub use routes::routes;
pub use sequence::{sequence, sequence_in};

/// The log key's file in the data directory (like the collector key: 0600).
pub const KEY_FILE: &str = "log.key";

/// The log's identity and signer, and the witnesses it asks for cosignatures.
pub struct Log {
    /// The checkpoint's first line and the log key's name: the collector's public
    /// host and path, then `/log` (tlog-tiles: the scheme-less URL prefix).
    pub origin: String,
    pub signer: NoteSigner,
    pub witnesses: Vec<crate::config::Witness>,
}

impl Log {
    pub fn new(
        public_url: &str,
        key: &trust_manifest::SecretKey,
        witnesses: Vec<crate::config::Witness>,
    ) -> Result<Log> {
        let origin = origin_of(public_url);
        let signer = NoteSigner::new(&origin, &crate::keys::seed_of(key))
            .with_context(|| format!("{origin:?} is not a valid log name"))?;
        Ok(Log {
            origin,
            signer,
            witnesses,
        })
    }

    /// `<origin>+<key id>+<base64(0x01 || key)>`: what `trust-collector log-key`
    /// prints and a trust list names.
    pub fn vkey(&self) -> String {
        self.signer.vkey()
    }
}

/// `https://collector.example/base/` → `collector.example/base/log`.
pub fn origin_of(public_url: &str) -> String {
    let rest = public_url
        .split_once("://")
        .map_or(public_url, |(_, r)| r)
        .trim_end_matches('/');
    format!("{rest}/log")
}

/// A leaf, in the fixed key order of the shared format (compact JSON, no spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaf {
    /// A review as served: `statement` is base64 SHA-256 of its JSON.
    Review {
        brand_root: String,
        review: String,
        statement: String,
    },
    /// A moderation decision that removed a review, with its reason code.
    Removal {
        brand_root: String,
        review: String,
        reason: String,
    },
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    t: &'static str,
    brand: &'a str,
    review: &'a str,
    statement: &'a str,
}

#[derive(Serialize)]
struct RemovalJson<'a> {
    t: &'static str,
    brand: &'a str,
    review: &'a str,
    reason: &'a str,
}

/// Largest entry an entry bundle can carry (a big-endian u16 length).
pub const MAX_ENTRY: usize = u16::MAX as usize;

impl Leaf {
    /// The entry bytes: one line of compact JSON in the fixed key order.
    pub fn entry(&self) -> String {
        let json = match self {
            Leaf::Review {
                brand_root,
                review,
                statement,
            } => serde_json::to_string(&ReviewJson {
                t: "review",
                brand: brand_root,
                review,
                statement,
            }),
            Leaf::Removal {
                brand_root,
                review,
                reason,
            } => serde_json::to_string(&RemovalJson {
                t: "removal",
                brand: brand_root,
                review,
                reason,
            }),
        };
        json.expect("strings serialise")
    }
}

/// The `statement` of a review's leaf: base64 SHA-256 of the review's JSON as a
/// page file carries it (the model's own serialisation, so the widget and an
/// auditor recompute it from what they were served).
pub fn review_statement(review: &trust_manifest::Review) -> String {
    let json = serde_json::to_vec(review).expect("a review serialises");
    B64.encode(Sha256::digest(&json))
}

/// Appends leaves for `brand_id` in the caller's transaction; returns the index
/// of the first. Dense indices: the head row's update is the first write, so
/// concurrent appenders queue on it and a rolled-back append leaves no gap.
pub async fn append(
    conn: &mut AnyConnection,
    brand_id: &str,
    leaves: &[Leaf],
    at: i64,
) -> Result<u64> {
    let n = leaves.len() as i64;
    let size: i64 = sqlx::query("UPDATE log_head SET size = size + $1 WHERE id = 1 RETURNING size")
        .bind(n)
        .fetch_one(&mut *conn)
        .await?
        .try_get("size")?;
    let first = size - n;
    for (i, leaf) in leaves.iter().enumerate() {
        let entry = leaf.entry();
        if entry.len() > MAX_ENTRY {
            bail!("a log entry is at most {MAX_ENTRY} bytes");
        }
        let (kind, review, statement, reason) = match leaf {
            Leaf::Review {
                review, statement, ..
            } => ("review", review, Some(statement), None),
            Leaf::Removal { review, reason, .. } => ("removal", review, None, Some(reason)),
        };
        sqlx::query(
            "INSERT INTO log_entries (idx, brand_id, review_id, kind, statement, reason, entry, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(first + i as i64)
        .bind(brand_id)
        .bind(review)
        .bind(kind)
        .bind(statement)
        .bind(reason)
        .bind(entry)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(first as u64)
}

/// Appends the removal of `review_id` for `reason` (in the moderation's transaction).
pub async fn append_removal(
    conn: &mut AnyConnection,
    brand_id: &str,
    review_id: &str,
    reason: &str,
    at: i64,
) -> Result<u64> {
    let brand_root: String = sqlx::query("SELECT root FROM brands WHERE id = $1")
        .bind(brand_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("root")?;
    let leaf = Leaf::Removal {
        brand_root,
        review: review_id.to_string(),
        reason: reason.to_string(),
    };
    append(conn, brand_id, &[leaf], at).await
}

/// The latest leaf of each of `brand_id`'s reviews: (review id, index, statement
/// or None for a removal).
pub async fn latest_leaves(
    conn: &mut AnyConnection,
    brand_id: &str,
) -> Result<std::collections::HashMap<String, (u64, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT e.review_id, e.idx, e.statement FROM log_entries e \
         WHERE e.brand_id = $1 AND e.idx = (SELECT MAX(x.idx) FROM log_entries x \
             WHERE x.brand_id = e.brand_id AND x.review_id = e.review_id)",
    )
    .bind(brand_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = std::collections::HashMap::new();
    for r in rows {
        let idx: i64 = r.try_get("idx")?;
        out.insert(
            r.try_get("review_id")?,
            (idx as u64, r.try_get("statement")?),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_are_compact_json_in_the_fixed_order() {
        let l = Leaf::Review {
            brand_root: "ed25519:AAA".into(),
            review: "r1".into(),
            statement: "S=".into(),
        };
        assert_eq!(
            l.entry(),
            r#"{"t":"review","brand":"ed25519:AAA","review":"r1","statement":"S="}"#
        );
        let r = Leaf::Removal {
            brand_root: "ed25519:AAA".into(),
            review: "r\"1".into(),
            reason: "abusive".into(),
        };
        assert_eq!(
            r.entry(),
            r#"{"t":"removal","brand":"ed25519:AAA","review":"r\"1","reason":"abusive"}"#
        );
    }

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://c.example"), "c.example/log");
        assert_eq!(origin_of("https://c.example/base/"), "c.example/base/log");
        assert_eq!(origin_of("http://127.0.0.1:8090"), "127.0.0.1:8090/log");
    }
}
