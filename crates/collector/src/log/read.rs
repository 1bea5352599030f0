//! Reading the log back: checkpoints, tiles, entry bundles and proofs.

use anyhow::{bail, Context, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use sqlx::{AnyConnection, Row};
use trust_tlog::sign::{inclusion_proof, tiles_for_leaves, Tiles};
use trust_tlog::Hash;

use crate::db::Db;

/// A checkpoint as stored: its size and root, the note the log key signed, and
/// what is served (the note with the cosignatures gathered so far).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestCheckpoint {
    pub size: u64,
    pub root: Hash,
    pub note: String,
    pub served: String,
}

/// The tile data's hashes (base64 of `width` × 32 bytes).
pub(super) fn hashes_of(data: &str, width: usize) -> Result<Vec<Hash>> {
    let bytes = B64.decode(data).context("a stored tile is not base64")?;
    if bytes.len() != width * 32 {
        bail!("a stored tile has {} bytes for width {width}", bytes.len());
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| c.try_into().expect("32 bytes"))
        .collect())
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<LatestCheckpoint> {
    let note: String = r.try_get("note")?;
    let cosigned: Option<String> = r.try_get("cosigned")?;
    let text = note.split("\n\n").next().unwrap_or_default();
    let root_line = text
        .lines()
        .nth(2)
        .context("a stored checkpoint has no root")?;
    let root: Hash = B64
        .decode(root_line)
        .ok()
        .and_then(|b| b.try_into().ok())
        .context("a stored checkpoint's root is not 32 bytes")?;
    Ok(LatestCheckpoint {
        size: r.try_get::<i64, _>("size")? as u64,
        root,
        served: cosigned.unwrap_or_else(|| note.clone()),
        note,
    })
}

/// The checkpoint of `size`, if one was signed.
pub(super) async fn checkpoint_in(
    conn: &mut AnyConnection,
    size: u64,
) -> Result<Option<LatestCheckpoint>> {
    let row = sqlx::query("SELECT size, note, cosigned FROM log_checkpoints WHERE size = $1")
        .bind(size as i64)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The newest checkpoint (None before the first leaf was integrated).
pub async fn latest_checkpoint(db: &Db) -> Result<Option<LatestCheckpoint>> {
    let row =
        sqlx::query("SELECT size, note, cosigned FROM log_checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(&db.pool)
            .await?;
    row.as_ref().map(from_row).transpose()
}

/// A stored hash tile's bytes, if any: (width, bytes).
pub(super) async fn tile(
    conn: &mut AnyConnection,
    level: u8,
    n: u64,
) -> Result<Option<(u16, Vec<u8>)>> {
    let row = sqlx::query("SELECT width, data FROM log_tiles WHERE level = $1 AND n = $2")
        .bind(i64::from(level))
        .bind(n as i64)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        None => Ok(None),
        Some(r) => {
            let width = r.try_get::<i64, _>("width")? as u16;
            let data: String = r.try_get("data")?;
            Ok(Some((
                width,
                B64.decode(data).context("a stored tile is not base64")?,
            )))
        }
    }
}

/// Loads what `tiles` recorded as missing.
pub(super) async fn load_missing(conn: &mut AnyConnection, tiles: &mut Tiles) -> Result<()> {
    for (level, n) in std::mem::take(&mut tiles.missing) {
        let (width, bytes) = tile(conn, level, n)
            .await?
            .with_context(|| format!("tile {level}/{n} is not stored"))?;
        let hashes = hashes_of(&B64.encode(&bytes), usize::from(width))?;
        tiles.insert(level, n, hashes);
    }
    Ok(())
}

/// Every tile a proof about leaves `indices` in the tree of `size` leaves reads,
/// in whatever batches (pages) they are proven: named from the indices alone
/// (`tiles_for_leaves`), each read once.
pub async fn tiles_for(conn: &mut AnyConnection, indices: &[u64], size: u64) -> Result<Tiles> {
    let mut tiles = Tiles::new();
    tiles.missing = tiles_for_leaves(indices, size);
    load_missing(conn, &mut tiles).await?;
    Ok(tiles)
}

/// Inclusion proofs of `indices` one by one in the tree of `size` leaves (which
/// the stored tiles cover): one dry run lists the tiles, one read loads them.
/// Pages carry batch proofs (`Logged::page_logs`); this is for checking.
pub async fn proofs(
    conn: &mut AnyConnection,
    indices: &[u64],
    size: u64,
) -> Result<Vec<Vec<Hash>>> {
    let mut tiles = Tiles::new();
    for &i in indices {
        inclusion_proof(&mut tiles, i, size)?;
    }
    load_missing(conn, &mut tiles).await?;
    let mut out = Vec::with_capacity(indices.len());
    for &i in indices {
        out.push(inclusion_proof(&mut tiles, i, size)?);
    }
    if !tiles.missing.is_empty() {
        bail!("tiles changed while proving");
    }
    Ok(out)
}

/// The entries `start .. start + width` (an entry bundle's), in order.
pub(super) async fn entries(
    conn: &mut AnyConnection,
    start: u64,
    width: u64,
) -> Result<Vec<String>> {
    let rows =
        sqlx::query("SELECT entry FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
            .bind(start as i64)
            .bind((start + width) as i64)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| r.try_get("entry").map_err(Into::into))
        .collect()
}
