//! Brands: who may send orders, and the root every statement about them is bound to.
//! Every other table is keyed by `brand_id`, and every query names it, so nothing
//! one brand sends can read or change another brand's rows.

use anyhow::{bail, Context, Result};
use sqlx::Row;
use trust_manifest::PublicKey;

use crate::db::{now, Db};

/// A registered brand.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Brand {
    pub id: String,
    pub name: String,
    /// `ed25519:BASE64`: the brand's key-set root (statements' `subject.root`).
    pub root: String,
    pub shop_domain: String,
    #[serde(skip)]
    pub webhook_secret: String,
}

/// What `brand add` is given.
#[derive(Debug, Clone)]
pub struct NewBrand {
    pub id: String,
    pub name: String,
    pub root: String,
    pub shop_domain: String,
    /// A secret to use instead of a fresh one (Shopify's admin shows the key it signs
    /// webhooks with when they are created there).
    pub webhook_secret: Option<String>,
}

/// Ids are path segments and file names: ASCII letters, digits, `-`, `_`, `.`.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !id.starts_with('.')
}

/// A shop's domain as Shopify sends it (`x.myshopify.com`), lowercased.
pub fn normalise_domain(d: &str) -> Result<String> {
    let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
    let ok = (1..=253).contains(&d.len())
        && d.contains('.')
        && d.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'));
    if !ok {
        bail!("{d:?} is not a shop domain (e.g. northwind.myshopify.com)");
    }
    Ok(d)
}

/// Registers a brand; returns it with its webhook secret.
pub async fn add(db: &Db, new: NewBrand) -> Result<Brand> {
    if !valid_id(&new.id) {
        bail!("brand id {:?} must be 1-64 of A-Z a-z 0-9 - _ .", new.id);
    }
    let name = new.name.trim();
    if name.is_empty() || name.len() > 200 || name.contains('\0') {
        bail!("brand name must be 1-200 bytes of text");
    }
    // The root must parse as the manifest library parses it: a statement bound to a
    // string no verifier can match would be published and never shown.
    let root = PublicKey::parse(new.root.trim())
        .map_err(|e| anyhow::anyhow!("--root {:?}: {e}", new.root))?
        .to_string();
    let shop = normalise_domain(&new.shop_domain)?;
    let secret = match new.webhook_secret {
        Some(s) if s.len() >= 16 && !s.contains('\0') => s,
        Some(_) => bail!("a given webhook secret must be at least 16 bytes"),
        None => trust_manifest::hex(&crate::keys::random_bytes::<32>()),
    };
    let r = sqlx::query(
        "INSERT INTO brands (id, name, root, shop_domain, webhook_secret, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(&new.id)
    .bind(name)
    .bind(&root)
    .bind(&shop)
    .bind(&secret)
    .bind(now())
    .execute(&db.pool)
    .await
    .context("registering the brand")?;
    if r.rows_affected() == 0 {
        bail!(
            "a brand with id {:?} or shop {shop:?} is already registered",
            new.id
        );
    }
    Ok(Brand {
        id: new.id,
        name: name.to_string(),
        root,
        shop_domain: shop,
        webhook_secret: secret,
    })
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Brand, sqlx::Error> {
    Ok(Brand {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        root: r.try_get("root")?,
        shop_domain: r.try_get("shop_domain")?,
        webhook_secret: r.try_get("webhook_secret")?,
    })
}

const COLUMNS: &str = "id, name, root, shop_domain, webhook_secret";

pub async fn by_id(db: &Db, id: &str) -> Result<Option<Brand>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM brands WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| from_row(&r))
        .transpose()
}

pub async fn by_shop(db: &Db, shop_domain: &str) -> Result<Option<Brand>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM brands WHERE shop_domain = $1"
    ))
    .bind(shop_domain.trim().to_ascii_lowercase())
    .fetch_optional(&db.pool)
    .await?
    .map(|r| from_row(&r))
    .transpose()
}

pub async fn list(db: &Db) -> Result<Vec<Brand>, sqlx::Error> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM brands ORDER BY id"))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
}
