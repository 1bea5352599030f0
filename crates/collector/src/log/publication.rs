//! A publication's side of the log: in the publication's own transaction, a
//! leaf for every review served in a form the log does not hold yet (a new
//! review, a restored one, one whose reply or product id changed), the tree
//! sequenced, and the tiles that prove the reviews' leaves against the
//! checkpoint the statement then names, loaded once: each page then carries its
//! reviews' leaf indices and one batch inclusion proof (`Logged::page_logs`).
//! So no review is served without its leaf, and no leaf says a review was
//! published that the database does not.

use anyhow::{bail, Context, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use sqlx::AnyConnection;
use sqlx::Row;
use trust_manifest::{LogHead, PageLog, RemovalCount, Review};
use trust_tlog::sign::{batch_proof, Tiles};

use super::{
    append, latest_leaves, review_statement, sequence_in, tiles_for, LatestCheckpoint, Leaf, Log,
};
use crate::brands::Brand;

/// What a publication carries from the log.
#[derive(Debug, Clone)]
pub struct Logged {
    /// The tree head the review-pages statement names.
    pub head: LogHead,
    /// The checkpoint of that head (its note, signed by the log key).
    pub checkpoint: LatestCheckpoint,
    /// Each review's leaf index, in the order of the reviews given.
    pub indices: Vec<u64>,
    /// Every tile a batch proof of those leaves reads, however they are paged.
    pub tiles: Tiles,
}

impl Logged {
    /// Each page's `log` when the reviews are cut into pages of `page_size`: the
    /// page's leaf indices and one batch proof, all from the tiles loaded once.
    pub fn page_logs(&self, page_size: usize) -> Result<Vec<PageLog>> {
        let mut tiles = self.tiles.clone();
        let mut out = Vec::with_capacity(self.indices.len().div_ceil(page_size));
        for indices in self.indices.chunks(page_size) {
            let mut sorted = indices.to_vec();
            sorted.sort_unstable();
            let proof = batch_proof(&mut tiles, &sorted, self.head.size)?;
            out.push(PageLog {
                indices: indices.to_vec(),
                proof: proof.iter().map(|h| B64.encode(h)).collect(),
            });
        }
        if !tiles.missing.is_empty() {
            bail!("a page's proof read a tile that was not loaded");
        }
        Ok(out)
    }
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
    let tiles = tiles_for(conn, &indices, checkpoint.size).await?;
    let removals = removal_counts(conn, &brand.id, checkpoint.size).await?;
    Ok(Logged {
        head: LogHead {
            origin: log.origin.clone(),
            size: checkpoint.size,
            root: B64.encode(checkpoint.root),
            removals,
        },
        checkpoint,
        indices,
        tiles,
    })
}

/// The brand's reviews whose latest leaf below `size` is a removal, counted by
/// that removal's reason, in ascending code order: what `trustctl audit`
/// recomputes from the log (a restored review's later review leaf takes it out).
pub async fn removal_counts(
    conn: &mut AnyConnection,
    brand_id: &str,
    size: u64,
) -> Result<Vec<RemovalCount>> {
    let rows = sqlx::query(
        "SELECT e.reason, COUNT(*) AS n FROM log_entries e \
         WHERE e.brand_id = $1 AND e.kind = 'removal' AND e.idx < $2 \
           AND e.idx = (SELECT MAX(x.idx) FROM log_entries x \
               WHERE x.brand_id = e.brand_id AND x.review_id = e.review_id AND x.idx < $2) \
         GROUP BY e.reason",
    )
    .bind(brand_id)
    .bind(size as i64)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(RemovalCount {
                reason: r.try_get("reason")?,
                count: r.try_get::<i64, _>("n")? as u64,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // Byte order, as the format says (a database collation may differ).
    out.sort_by(|a, b| a.reason.cmp(&b.reason));
    Ok(out)
}
