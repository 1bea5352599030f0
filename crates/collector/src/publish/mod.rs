//! Publishing: every published review of a brand, in pages under one Merkle root,
//! with the aggregate and histogram computed here from those same reviews, signed
//! by the collector key in a `review-pages` statement bound to the brand's
//! registered root (and a separate `aggregate` statement). The same bytes go to
//! `publish --out DIR` and to `/v1/brands/{id}/…` (published.rs).
//!
//! Statements expire `statement_days` after signing (at most 31, the format's
//! maximum); the publisher loop re-publishes after every change and once a day.

mod load;
mod sign;
mod store;

use anyhow::Result;
use sqlx::Row;

pub use load::load_reviews;
pub use sign::{build, default_page_url, write_dir, Publication, DEFAULT_PAGE_SIZE};
pub use store::{refresh_checkpoint, store};

use crate::brands::Brand;
use crate::db::{now, Db};
use crate::serve::{sleep_or_stop, AppState};

const DAY: i64 = 86_400;

/// Marks a brand's publication out of date.
pub async fn mark_dirty(db: &Db, brand_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE brands SET change_seq = change_seq + 1 WHERE id = $1")
        .bind(brand_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The brand's change counter (read before the reviews, so a change made while
/// publishing leaves the brand due).
pub async fn current_seq(db: &Db, brand_id: &str) -> Result<i64> {
    Ok(sqlx::query("SELECT change_seq FROM brands WHERE id = $1")
        .bind(brand_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("change_seq")?)
}

/// Reads, signs and stores the brand's publication; None when it has no published
/// review (then nothing is served for it: a removed last review is not kept alive).
pub async fn publish_brand(
    state: &AppState,
    brand: &Brand,
    at: i64,
) -> Result<Option<Publication>> {
    let url = default_page_url(&state.config.public_url, &brand.id);
    publish_at(state, brand, at, &url).await
}

/// `publish_brand` with the page URL template `page_url` (`publish --page-url`).
pub async fn publish_at(
    state: &AppState,
    brand: &Brand,
    at: i64,
    page_url: &str,
) -> Result<Option<Publication>> {
    let seq = current_seq(&state.db, &brand.id).await?;
    // Products ordered since the brand's manifest was read get their mapping now,
    // so this publication already names them as the manifest does.
    crate::products::rematch(&state.db, &brand.id, false).await?;
    let reviews = load_reviews(&state.db, &brand.id, &state.config.public_url).await?;
    if reviews.is_empty() {
        store::unpublish(&state.db, &brand.id).await?;
        return Ok(None);
    }
    // One transaction: the reviews' leaves, the checkpoint, the pages proving
    // them against it, and the publication (log/publication.rs).
    let writer = state.db.writer().await;
    let mut tx = state.db.pool.begin().await?;
    let logged = crate::log::log_reviews(&mut tx, &state.log, brand, &reviews, at).await?;
    let mut p = build(
        &state.key,
        brand,
        &reviews,
        at,
        state.config.statement_days,
        page_url,
        seq,
        Some(&logged),
    )?;
    store::store_in(&mut tx, &p).await?;
    tx.commit().await?;
    drop(writer);
    // Cosignatures after the commit (witnesses are other services); the page
    // index then carries the cosigned note. The statement names the tree head,
    // which the cosignatures do not change.
    if !state.log.witnesses.is_empty() {
        let served = crate::log::gather(state, &logged.checkpoint).await?;
        p.index_json = store::set_checkpoint(&state.db, &p, &served).await?;
    }
    tracing::info!(brand = %brand.id, reviews = p.review_count, pages = p.pages.len(),
        root = %p.root, log_size = logged.head.size, "published");
    Ok(Some(p))
}

/// Brands whose publication is out of date at `at`: changed since, never published
/// (with reviews), or signed more than a day ago (re-signed daily, long before expiry).
pub async fn due(db: &Db, at: i64) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT b.id FROM brands b LEFT JOIN publications p ON p.brand_id = b.id \
         WHERE (p.brand_id IS NULL AND EXISTS (SELECT 1 FROM reviews r \
                    WHERE r.brand_id = b.id AND r.status = 'published')) \
            OR (p.brand_id IS NOT NULL AND (b.change_seq > p.published_seq \
                    OR p.issued_at + $1 <= $2)) \
         ORDER BY b.id",
    )
    .bind(DAY)
    .bind(at)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| r.try_get("id").map_err(Into::into))
        .collect()
}

/// Publishes what is due, on wake-up (a change) and every minute.
pub async fn publisher_loop(state: AppState) {
    let mut stop = state.shutdown.clone();
    loop {
        if let Err(e) = publish_due(&state).await {
            tracing::warn!(error = %format!("{e:#}"), "publishing failed; retrying in a minute");
        }
        tokio::select! {
            stopped = sleep_or_stop(&mut stop, 60) => if stopped { return },
            _ = state.publish_wake.notified() => {}
        }
    }
}

/// One pass: every due brand, then the log's leaves no publication folded in
/// (a removal of a brand's last review) and its cosignatures when due.
pub async fn publish_due(state: &AppState) -> Result<usize> {
    let at = now();
    let ids = due(&state.db, at).await?;
    for id in &ids {
        if let Some(brand) = crate::brands::by_id(&state.db, id).await? {
            publish_brand(state, &brand, at).await?;
        }
    }
    crate::log::sequence(&state.db, &state.log).await?;
    crate::log::gather_latest(state, at).await?;
    Ok(ids.len())
}
