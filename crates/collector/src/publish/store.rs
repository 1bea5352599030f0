//! Storing a publication as the brand's current one (and withdrawing it).

use anyhow::Result;
use sqlx::Row;

use super::Publication;
use crate::db::Db;

/// Stores a publication as the brand's current one, keeping the previous root's
/// pages for widgets that started reading it.
pub async fn store(db: &Db, p: &Publication) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    store_in(&mut tx, p).await?;
    tx.commit().await?;
    Ok(())
}

/// `store` in the caller's transaction (the one that logged the reviews).
pub async fn store_in(tx: &mut sqlx::AnyConnection, p: &Publication) -> Result<()> {
    let previous: Option<String> = sqlx::query("SELECT root FROM publications WHERE brand_id = $1")
        .bind(&p.brand_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get("root"))
        .transpose()?;
    for (n, body) in p.pages.iter().enumerate() {
        sqlx::query(
            "INSERT INTO publication_pages (brand_id, root, n, body, published_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (brand_id, root, n) DO NOTHING",
        )
        .bind(&p.brand_id)
        .bind(&p.root)
        .bind(n as i64)
        .bind(body)
        .bind(p.issued_at)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO publications (brand_id, root, issued_at, expires_at, review_count, \
             published_seq, pages, index_json, aggregate_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (brand_id) DO UPDATE SET root = excluded.root, \
             issued_at = excluded.issued_at, expires_at = excluded.expires_at, \
             review_count = excluded.review_count, published_seq = excluded.published_seq, \
             pages = excluded.pages, index_json = excluded.index_json, \
             aggregate_json = excluded.aggregate_json",
    )
    .bind(&p.brand_id)
    .bind(&p.root)
    .bind(p.issued_at)
    .bind(p.expires_at)
    .bind(p.review_count as i64)
    .bind(p.seq)
    .bind(p.pages.len() as i64)
    .bind(&p.index_json)
    .bind(&p.aggregate_json)
    .execute(&mut *tx)
    .await?;
    let keep = previous.unwrap_or_else(|| p.root.clone());
    sqlx::query("DELETE FROM publication_pages WHERE brand_id = $1 AND root <> $2 AND root <> $3")
        .bind(&p.brand_id)
        .bind(&p.root)
        .bind(&keep)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Puts the cosigned checkpoint note into the publication's page index (unsigned
/// by the statement, self-authenticating by its signatures); the new index.
pub async fn set_checkpoint(db: &Db, p: &Publication, note: &str) -> Result<String> {
    let mut embed: trust_manifest::ReviewPages = serde_json::from_str(&p.index_json)?;
    embed.checkpoint = Some(note.to_string());
    let index_json = serde_json::to_string_pretty(&embed)?;
    sqlx::query("UPDATE publications SET index_json = $1 WHERE brand_id = $2 AND root = $3")
        .bind(&index_json)
        .bind(&p.brand_id)
        .bind(&p.root)
        .execute(&db.pool)
        .await?;
    Ok(index_json)
}

pub(super) async fn unpublish(db: &Db, brand_id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    for table in ["publications", "publication_pages"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE brand_id = $1"))
            .bind(brand_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// After cosignatures were gathered again on the checkpoint whose note text is
/// `text`: every publication whose page index carries that checkpoint now
/// carries `served` (the same tree head, fresher cosignatures).
pub async fn refresh_checkpoint(db: &Db, text: &str, served: &str) -> Result<usize> {
    let rows = sqlx::query("SELECT brand_id, root, index_json FROM publications")
        .fetch_all(&db.pool)
        .await?;
    let mut n = 0;
    for r in rows {
        let mut embed: trust_manifest::ReviewPages =
            serde_json::from_str(&r.try_get::<String, _>("index_json")?)?;
        let same_head = embed
            .checkpoint
            .as_deref()
            .is_some_and(|c| c.starts_with(text) && c.as_bytes().get(text.len()) == Some(&b'\n'));
        if !same_head || embed.checkpoint.as_deref() == Some(served) {
            continue;
        }
        embed.checkpoint = Some(served.to_string());
        sqlx::query("UPDATE publications SET index_json = $1 WHERE brand_id = $2 AND root = $3")
            .bind(serde_json::to_string_pretty(&embed)?)
            .bind(r.try_get::<String, _>("brand_id")?)
            .bind(r.try_get::<String, _>("root")?)
            .execute(&db.pool)
            .await?;
        n += 1;
    }
    Ok(n)
}
