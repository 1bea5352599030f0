//! Folding appended leaves into the tree: the right edge is read back from the
//! partial tiles, the new leaves' hashes appended, the changed tiles written (a
//! full tile once, a partial one replaced as it grows) and a checkpoint for the
//! new size signed by the log key, all in one transaction with the head's
//! `integrated`, so the tiles, the checkpoint and the head never disagree.

use anyhow::{bail, Context, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use sqlx::{AnyConnection, Row};
use trust_tlog::sign::{checkpoint_text, RightEdge};
use trust_tlog::{leaf_hash, Hash};

use super::read::{hashes_of, LatestCheckpoint};
use super::Log;
use crate::db::{now, Db};

/// Integrates every appended leaf (its own transaction); the latest checkpoint.
pub async fn sequence(db: &Db, log: &Log) -> Result<LatestCheckpoint> {
    let _w = db.writer().await;
    let mut tx = db.pool.begin().await?;
    let cp = sequence_in(&mut tx, log).await?;
    tx.commit().await?;
    Ok(cp)
}

/// `sequence` inside the caller's transaction (a publication integrates the
/// leaves it appended, then proves them against the checkpoint it just signed).
pub async fn sequence_in(conn: &mut AnyConnection, log: &Log) -> Result<LatestCheckpoint> {
    // The head's row lock first: one sequencer at a time, after the appenders
    // ahead of it committed.
    let head = sqlx::query(
        "UPDATE log_head SET integrated = integrated WHERE id = 1 RETURNING size, integrated",
    )
    .fetch_one(&mut *conn)
    .await?;
    let size = head.try_get::<i64, _>("size")? as u64;
    let integrated = head.try_get::<i64, _>("integrated")? as u64;
    if size == integrated {
        if let Some(cp) = super::read::checkpoint_in(conn, size).await? {
            return Ok(cp);
        }
        if size > 0 {
            bail!("the log has {size} leaves but no checkpoint for them");
        }
    }
    let mut edge = right_edge(conn, integrated).await?;
    let rows =
        sqlx::query("SELECT idx, entry FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
            .bind(integrated as i64)
            .bind(size as i64)
            .fetch_all(&mut *conn)
            .await?;
    if rows.len() as u64 != size - integrated {
        bail!(
            "log entries {integrated}..{size} are incomplete ({} found)",
            rows.len()
        );
    }
    let mut leaves = Vec::with_capacity(rows.len());
    for r in &rows {
        let entry: String = r.try_get("entry")?;
        leaves.push(leaf_hash(entry.as_bytes()));
    }
    for t in edge.append(&leaves) {
        let level = i64::from(t.id.level.expect("hash tiles"));
        sqlx::query(
            "INSERT INTO log_tiles (level, n, width, data) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (level, n) DO UPDATE SET width = excluded.width, data = excluded.data",
        )
        .bind(level)
        .bind(t.id.index as i64)
        .bind(i64::from(t.id.width))
        .bind(B64.encode(&t.data))
        .execute(&mut *conn)
        .await?;
    }
    let root = edge.root();
    let note = log.signer.sign(&checkpoint_text(&log.origin, size, &root));
    let at = now();
    sqlx::query(
        "INSERT INTO log_checkpoints (size, note, cosigned, at) VALUES ($1, $2, NULL, $3) \
         ON CONFLICT (size) DO NOTHING",
    )
    .bind(size as i64)
    .bind(&note)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE log_head SET integrated = $1 WHERE id = 1")
        .bind(size as i64)
        .execute(&mut *conn)
        .await?;
    Ok(LatestCheckpoint {
        size,
        root,
        note: note.clone(),
        served: note,
    })
}

/// The right edge of the tree of `size` leaves: the partial tile rows.
async fn right_edge(conn: &mut AnyConnection, size: u64) -> Result<RightEdge> {
    let rows =
        sqlx::query("SELECT level, width, data FROM log_tiles WHERE width < 256 ORDER BY level")
            .fetch_all(&mut *conn)
            .await?;
    let mut partials: Vec<Vec<Hash>> = Vec::new();
    for r in rows {
        let level = r.try_get::<i64, _>("level")? as usize;
        let data: String = r.try_get("data")?;
        let hashes = hashes_of(&data, r.try_get::<i64, _>("width")? as usize)?;
        partials.resize(partials.len().max(level + 1), Vec::new());
        partials[level] = hashes;
    }
    RightEdge::from_partials(size, partials).with_context(|| {
        format!("the stored partial tiles do not describe a tree of {size} leaves")
    })
}
