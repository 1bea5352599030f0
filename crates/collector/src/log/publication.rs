//! A publication's side of the log: in the publication's own transaction, a
//! leaf for every review served in a form the log does not hold yet (a new
//! review, a restored one, one whose reply or product id changed), the tree
//! sequenced, and each review's leaf index and inclusion proof against the
//! checkpoint the statement then names. So no review is served without its
//! leaf, and no leaf says a review was published that the database does not.

use anyhow::{Context, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use sqlx::AnyConnection;
use trust_manifest::{LeafProof, LogHead, Review};

use super::{
    append, latest_leaves, proofs, review_statement, sequence_in, LatestCheckpoint, Leaf, Log,
};
use crate::brands::Brand;

/// What a publication carries from the log.
#[derive(Debug, Clone)]
pub struct Logged {
    /// The tree head the review-pages statement names.
    pub head: LogHead,
    /// The checkpoint of that head (its note, signed by the log key).
    pub checkpoint: LatestCheckpoint,
    /// Each review's leaf and proof, in the order of the reviews given.
    pub leaves: Vec<LeafProof>,
}

/// Logs `reviews` (as `brand` serves them) in the caller's transaction.
pub async fn log_reviews(
    conn: &mut AnyConnection,
    log: &Log,
    brand: &Brand,
    reviews: &[Review],
    at: i64,
) -> Result<Logged> {
    // The head row first: the transaction's first write (SQLite takes its write
    // lock here, before any read could make it retry), and one publisher at a time.
    sqlx::query("UPDATE log_head SET size = size WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    let before = latest_leaves(conn, &brand.id).await?;
    let new: Vec<Leaf> = reviews
        .iter()
        .filter_map(|r| {
            let statement = review_statement(r);
            let logged = before.get(&r.id).and_then(|(_, s)| s.as_deref());
            (logged != Some(statement.as_str())).then(|| Leaf::Review {
                brand_root: brand.root.clone(),
                review: r.id.clone(),
                statement,
            })
        })
        .collect();
    if !new.is_empty() {
        append(conn, &brand.id, &new, at).await?;
    }
    let checkpoint = sequence_in(conn, log).await?;
    let after = latest_leaves(conn, &brand.id).await?;
    let indices = reviews
        .iter()
        .map(|r| after.get(&r.id).map(|(i, _)| *i))
        .collect::<Option<Vec<u64>>>()
        .context("a served review has no leaf")?;
    let paths = proofs(conn, &indices, checkpoint.size).await?;
    Ok(Logged {
        head: LogHead {
            origin: log.origin.clone(),
            size: checkpoint.size,
            root: B64.encode(checkpoint.root),
        },
        checkpoint,
        leaves: indices
            .into_iter()
            .zip(paths)
            .map(|(index, p)| LeafProof {
                index,
                proof: p.iter().map(|h| B64.encode(h)).collect(),
            })
            .collect(),
    })
}
