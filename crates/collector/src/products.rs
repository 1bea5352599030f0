//! Product ids, stored: each brand's manifest products (`brand_products`) and the
//! mapping from the order system's product id to the manifest's id (`product_map`),
//! which publishing applies to every review (an unmapped review keeps the order
//! system's id, and the admin page lists it as unmapped). The matching rule is in
//! products_match.rs.
//!
//! Automatic matches are made when `trust-collector brand products --manifest` reads
//! the manifest (every product ordered so far) and, for products ordered later, each
//! time the brand is published. Mappings set by the operator (`--set`) are never
//! replaced automatically. Every change of the mapping marks the brand for
//! re-publishing (within a minute when the service runs).

use std::collections::{BTreeMap, HashMap};

use anyhow::{bail, Result};
use sqlx::Row;

use crate::db::{now, Db};
pub use crate::products_match::{match_product, read_manifest, ManifestProduct, Match};

/// Replaces the brand's manifest products and matches every product ordered so far.
pub async fn import_manifest(
    db: &Db,
    brand_id: &str,
    products: &[ManifestProduct],
) -> Result<Rematched> {
    {
        let _w = db.writer().await;
        let mut tx = db.pool.begin().await?;
        sqlx::query("DELETE FROM brand_products WHERE brand_id = $1")
            .bind(brand_id)
            .execute(&mut *tx)
            .await?;
        for p in products {
            sqlx::query(
                "INSERT INTO brand_products (brand_id, product_id, sku, gtin, handle, name) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(brand_id)
            .bind(&p.id)
            .bind(p.sku.as_deref())
            .bind(p.gtin.as_deref())
            .bind(p.handle.as_deref())
            .bind(&p.name)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    rematch(db, brand_id, true).await
}

/// The brand's manifest products as last read.
pub async fn manifest_products(db: &Db, brand_id: &str) -> Result<Vec<ManifestProduct>> {
    let rows = sqlx::query(
        "SELECT product_id, sku, gtin, handle, name FROM brand_products \
         WHERE brand_id = $1 ORDER BY product_id",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ManifestProduct {
                id: r.try_get("product_id")?,
                sku: r.try_get("sku")?,
                gtin: r.try_get("gtin")?,
                handle: r.try_get("handle")?,
                name: r.try_get("name")?,
            })
        })
        .collect()
}

/// What a matching pass did.
#[derive(Debug, Default)]
pub struct Rematched {
    /// Whether any mapping was added, changed or dropped.
    pub changed: bool,
    /// Each order-system product considered, and its match.
    pub outcomes: Vec<(String, Match)>,
}

/// Matches the brand's ordered products against its stored manifest products.
/// `all`: every product not set by hand (after a new manifest: matches may change
/// or go); otherwise only products with no mapping yet (at publish: cheap once most
/// are mapped). Marks the brand changed when a mapping changed and `all` is set
/// (publishing calls it with `all` false, just before reading the reviews).
pub async fn rematch(db: &Db, brand_id: &str, all: bool) -> Result<Rematched> {
    let products = manifest_products(db, brand_id).await?;
    if products.is_empty() && !all {
        return Ok(Rematched::default());
    }
    let sql = if all {
        "SELECT i.product_id, i.sku FROM order_items i WHERE i.brand_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM product_map m WHERE m.brand_id = i.brand_id \
          AND m.external_id = i.product_id AND m.matched_by = 'set')"
    } else {
        "SELECT i.product_id, i.sku FROM order_items i WHERE i.brand_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM product_map m WHERE m.brand_id = i.brand_id \
          AND m.external_id = i.product_id)"
    };
    let mut skus: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in sqlx::query(sql).bind(brand_id).fetch_all(&db.pool).await? {
        let list = skus.entry(r.try_get("product_id")?).or_default();
        if let Some(sku) = r.try_get::<Option<String>, _>("sku")? {
            if !list.contains(&sku) {
                list.push(sku);
            }
        }
    }
    if skus.is_empty() {
        // Every ordered product has its mapping (the usual case when publishing).
        return Ok(Rematched::default());
    }
    let before: HashMap<String, (String, String)> = auto_rows(db, brand_id).await?;
    let mut out = Rematched::default();
    let writer = db.writer().await;
    let mut tx = db.pool.begin().await?;
    for (external, skus) in skus {
        let m = match_product(&external, &skus, &products);
        let old = before.get(&external);
        match &m {
            Match::One { id, by } if old != Some(&(id.clone(), (*by).to_string())) => {
                // A row set by hand meanwhile stays (the WHERE of the upsert).
                sqlx::query(
                    "INSERT INTO product_map (brand_id, external_id, product_id, matched_by, \
                     updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (brand_id, external_id) DO UPDATE SET \
                     product_id = excluded.product_id, matched_by = excluded.matched_by, \
                     updated_at = excluded.updated_at WHERE product_map.matched_by <> 'set'",
                )
                .bind(brand_id)
                .bind(&external)
                .bind(id)
                .bind(*by)
                .bind(now())
                .execute(&mut *tx)
                .await?;
                out.changed |= old.map(|o| &o.0) != Some(id);
            }
            Match::One { .. } => {}
            _ if old.is_some() => {
                sqlx::query(
                    "DELETE FROM product_map WHERE brand_id = $1 AND external_id = $2 \
                     AND matched_by <> 'set'",
                )
                .bind(brand_id)
                .bind(&external)
                .execute(&mut *tx)
                .await?;
                out.changed = true;
            }
            _ => {}
        }
        out.outcomes.push((external, m));
    }
    tx.commit().await?;
    drop(writer);
    if out.changed && all {
        crate::publish::mark_dirty(db, brand_id).await?;
    }
    Ok(out)
}

/// Automatic mappings: external id -> (manifest id, how).
async fn auto_rows(db: &Db, brand_id: &str) -> Result<HashMap<String, (String, String)>> {
    let rows = sqlx::query(
        "SELECT external_id, product_id, matched_by FROM product_map \
         WHERE brand_id = $1 AND matched_by <> 'set'",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("external_id")?,
                (r.try_get("product_id")?, r.try_get("matched_by")?),
            ))
        })
        .collect()
}

/// Maps `external` to the manifest product `id` by hand. When a manifest was read,
/// `id` must be one of its products (a typo would publish reviews no page shows).
pub async fn set(db: &Db, brand_id: &str, external: &str, id: &str) -> Result<()> {
    if !crate::products_match::valid_text(external) || !crate::products_match::valid_text(id) {
        bail!("--set EXTERNAL=ID: both sides are 1-1024 bytes of text without control characters");
    }
    let known = manifest_products(db, brand_id).await?;
    if !known.is_empty() && !known.iter().any(|p| p.id == id) {
        bail!("{id:?} is not a product id of the brand's manifest (read with --manifest)");
    }
    sqlx::query(
        "INSERT INTO product_map (brand_id, external_id, product_id, matched_by, updated_at) \
         VALUES ($1, $2, $3, 'set', $4) ON CONFLICT (brand_id, external_id) DO UPDATE SET \
         product_id = excluded.product_id, matched_by = 'set', updated_at = excluded.updated_at",
    )
    .bind(brand_id)
    .bind(external)
    .bind(id)
    .bind(now())
    .execute(&db.pool)
    .await?;
    crate::publish::mark_dirty(db, brand_id).await?;
    Ok(())
}

/// Removes a mapping (set or automatic); the product is matched again automatically
/// at the next pass. False when there was none.
pub async fn unset(db: &Db, brand_id: &str, external: &str) -> Result<bool> {
    let n = sqlx::query("DELETE FROM product_map WHERE brand_id = $1 AND external_id = $2")
        .bind(brand_id)
        .bind(external)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if n > 0 {
        crate::publish::mark_dirty(db, brand_id).await?;
    }
    Ok(n > 0)
}

/// The brand's mapping, external id -> manifest id (what publishing applies).
pub async fn resolve(db: &Db, brand_id: &str) -> Result<HashMap<String, String>> {
    let rows = sqlx::query("SELECT external_id, product_id FROM product_map WHERE brand_id = $1")
        .bind(brand_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("external_id")?, r.try_get("product_id")?)))
        .collect()
}

/// One order-system product as the CLI and the admin page list it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    /// The order system's product id.
    pub external: String,
    /// The manifest product id reviews are published under; None: unmapped.
    pub id: Option<String>,
    /// "set", or the automatic clue ("id", "handle", "sku", "gtin").
    pub matched_by: Option<String>,
    /// A title and a SKU seen on its line items.
    pub title: Option<String>,
    pub sku: Option<String>,
    /// Line items seen, published reviews.
    pub ordered: i64,
    pub reviews: i64,
}

/// Every product the brand's orders named or the operator mapped, unmapped first.
pub async fn list(db: &Db, brand_id: &str) -> Result<Vec<Listed>> {
    let mut out: BTreeMap<String, Listed> = BTreeMap::new();
    let entry = |out: &mut BTreeMap<String, Listed>, external: String| {
        out.entry(external.clone()).or_insert(Listed {
            external,
            id: None,
            matched_by: None,
            title: None,
            sku: None,
            ordered: 0,
            reviews: 0,
        });
    };
    let items = sqlx::query(
        "SELECT product_id, MIN(title) AS title, MIN(sku) AS sku, COUNT(*) AS n \
         FROM order_items WHERE brand_id = $1 GROUP BY product_id",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    for r in items {
        let external: String = r.try_get("product_id")?;
        entry(&mut out, external.clone());
        let l = out.get_mut(&external).expect("just added");
        (l.title, l.sku, l.ordered) = (r.try_get("title")?, r.try_get("sku")?, r.try_get("n")?);
    }
    let reviews = sqlx::query(
        "SELECT product_id, COUNT(*) AS n FROM reviews WHERE brand_id = $1 \
         AND status = 'published' AND product_id IS NOT NULL GROUP BY product_id",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    for r in reviews {
        let external: String = r.try_get("product_id")?;
        entry(&mut out, external.clone());
        out.get_mut(&external).expect("just added").reviews = r.try_get("n")?;
    }
    let map = sqlx::query(
        "SELECT external_id, product_id, matched_by FROM product_map WHERE brand_id = $1",
    )
    .bind(brand_id)
    .fetch_all(&db.pool)
    .await?;
    for r in map {
        let external: String = r.try_get("external_id")?;
        entry(&mut out, external.clone());
        let l = out.get_mut(&external).expect("just added");
        (l.id, l.matched_by) = (r.try_get("product_id")?, r.try_get("matched_by")?);
    }
    let mut list: Vec<Listed> = out.into_values().collect();
    list.sort_by_key(|l| l.id.is_some());
    Ok(list)
}
