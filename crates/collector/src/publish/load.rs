//! Reading what is published: every published review of a brand, with its photos,
//! the brand's reply, and the product id the brand's manifest uses (products.rs).

use anyhow::{Context, Result};
use sqlx::Row;
use trust_manifest::{
    Date, Photo, PurchaseCheck, PurchaseCheckMethod, Rating, Reply, Review, Timestamp,
};

use crate::db::Db;

/// Every published review of the brand as the widget reads it, oldest first.
pub async fn load_reviews(db: &Db, brand_id: &str, public_url: &str) -> Result<Vec<Review>> {
    let rows = sqlx::query(
        "SELECT id, product_id, rating, title, body, author, language, market, incentivized, \
         submitted_at FROM reviews WHERE brand_id = $1 AND status = 'published' \
         ORDER BY submitted_at, id",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    let photo_rows = sqlx::query(
        "SELECT p.review_id, p.sha256, p.file, p.alt FROM review_photos p \
         JOIN reviews r ON r.id = p.review_id \
         WHERE p.brand_id = $1 AND r.brand_id = $1 AND r.status = 'published' \
         ORDER BY p.review_id, p.position",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    let mut photos: std::collections::HashMap<String, Vec<Photo>> = Default::default();
    for p in &photo_rows {
        let file: String = p.try_get("file")?;
        photos
            .entry(p.try_get("review_id")?)
            .or_default()
            .push(Photo {
                url: format!("{public_url}/v1/brands/{brand_id}/photos/{file}"),
                alt: p.try_get("alt")?,
                sha256: Some(p.try_get("sha256")?),
            });
    }
    // The brand's reply, as the brand wrote it (the collector signs that the brand
    // said it; the admin page is the only way in, and only the brand's own text).
    let mut replies: std::collections::HashMap<String, Reply> = Default::default();
    for p in sqlx::query(
        "SELECT p.review_id, p.body, p.at FROM replies p JOIN reviews r ON r.id = p.review_id \
         WHERE p.brand_id = $1 AND r.brand_id = $1 AND r.status = 'published'",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?
    {
        replies.insert(
            p.try_get("review_id")?,
            Reply {
                body: p.try_get("body")?,
                date: Timestamp(p.try_get("at")?).date(),
            },
        );
    }
    // The order system's product ids, as the brand's manifest names them.
    let products = crate::products::resolve(db, brand_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id")?;
        let product: Option<String> = r.try_get("product_id")?;
        let rating: i64 = r.try_get("rating")?;
        let submitted: i64 = r.try_get("submitted_at")?;
        let date: Date = Timestamp(submitted).date();
        out.push(Review {
            photos: photos.remove(&id).unwrap_or_default(),
            reply: replies.remove(&id),
            id,
            product: product.map(|p| products.get(&p).cloned().unwrap_or(p)),
            rating: Rating {
                value: u8::try_from(rating).context("rating out of range")?,
                best: 5,
                worst: 1,
            },
            title: r.try_get("title")?,
            body: r.try_get("body")?,
            language: r.try_get("language")?,
            market: r.try_get("market")?,
            date,
            author: r.try_get("author")?,
            // The review came through a link sent only to the buyer of a real order.
            verification: Some(PurchaseCheck {
                method: PurchaseCheckMethod::OrderInvitation,
                checked: Some(date),
            }),
            incentivized: r.try_get::<i64, _>("incentivized")? != 0,
            insider: false,
            source: None,
        });
    }
    Ok(out)
}
