//! Publishing: every published review of a brand, in pages under one Merkle root,
//! with the aggregate and histogram computed here from those same reviews, signed
//! by the collector key in a `review-pages` statement bound to the brand's
//! registered root (and a separate `aggregate` statement). The same bytes go to
//! `publish --out DIR` and to `/v1/brands/{id}/…` (published.rs).
//!
//! Statements expire `statement_days` after signing (at most 31, the format's
//! maximum); the publisher loop re-publishes after every change and once a day.

use anyhow::{bail, Context, Result};
use sqlx::Row;
use trust_manifest::{
    page_files, sign_envelope, Aggregate, AttestationKind, Date, Page, PageIndex, Photo,
    PurchaseCheck, PurchaseCheckMethod, Rating, Review, ReviewPages, Statement, Subject, Timestamp,
    ATTESTATION_PAYLOAD_TYPE,
};

use crate::brands::Brand;
use crate::db::{now, Db};
use crate::serve::{sleep_or_stop, AppState};

pub const DEFAULT_PAGE_SIZE: usize = 20;
const DAY: i64 = 86_400;

/// One publication, ready to store or write.
#[derive(Debug, Clone)]
pub struct Publication {
    pub brand_id: String,
    pub root: String,
    pub issued_at: i64,
    pub expires_at: i64,
    pub review_count: u64,
    /// `brands.change_seq` when the reviews were read.
    pub seq: i64,
    /// review-pages.json: the signed index, the page URL template, page 0 inline.
    pub index_json: String,
    /// aggregate.json: the signed aggregate statement (a DSSE envelope).
    pub aggregate_json: String,
    /// page-N.json files, in order.
    pub pages: Vec<String>,
}

/// Where page files are, for a brand: the collector's immutable URL when it is
/// served over https, else `reviews/page-{n}.json` beside the manifest (what
/// `trustctl pages` defaults to; the brand copies the files there).
pub fn default_page_url(public_url: &str, brand_id: &str) -> String {
    if public_url.starts_with("https://") {
        format!("{public_url}/v1/brands/{brand_id}/pages/{{root}}/page-{{n}}.json")
    } else {
        "reviews/page-{n}.json".to_string()
    }
}

/// Marks a brand's publication out of date.
pub async fn mark_dirty(db: &Db, brand_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE brands SET change_seq = change_seq + 1 WHERE id = $1")
        .bind(brand_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

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
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id")?;
        let rating: i64 = r.try_get("rating")?;
        let submitted: i64 = r.try_get("submitted_at")?;
        let date: Date = Timestamp(submitted).date();
        out.push(Review {
            photos: photos.remove(&id).unwrap_or_default(),
            id,
            product: r.try_get("product_id")?,
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
            // Brand replies are published in the next commit (products and replies).
            reply: None,
        });
    }
    Ok(out)
}

/// Signs a publication of `reviews` for `brand` at `at`.
pub fn build(
    key: &trust_manifest::SecretKey,
    brand: &Brand,
    reviews: &[Review],
    at: i64,
    statement_days: i64,
    page_url: &str,
    seq: i64,
) -> Result<Publication> {
    if reviews.is_empty() {
        bail!("brand {} has no published reviews", brand.id);
    }
    if !(1..=trust_manifest::MAX_CURRENT_STATEMENT_DAYS).contains(&statement_days) {
        bail!("statement validity must be 1 to 31 days");
    }
    let mut histogram = [0u64; 5];
    for r in reviews {
        histogram[usize::from(r.rating.stars().clamp(1, 5)) - 1] += 1;
    }
    let limits = trust_manifest::Limits::default();
    // A page must fit what verifiers accept: halve the page size until it does.
    let mut size = DEFAULT_PAGE_SIZE;
    let (root, files) = loop {
        let texts: Vec<String> = reviews
            .chunks(size)
            .enumerate()
            .map(|(n, chunk)| {
                serde_json::to_string(&Page {
                    index: n as u64,
                    reviews: chunk.to_vec(),
                })
                .expect("a page serialises")
            })
            .collect();
        let (root, files) = page_files(texts);
        let fits = files.iter().all(|f| {
            serde_json::to_vec(f).map(|b| b.len()).unwrap_or(usize::MAX) <= limits.page_bytes
        });
        if fits {
            break (root, files);
        }
        if size == 1 {
            bail!("a single review is larger than a page may be");
        }
        size = size.div_ceil(2);
    };
    let issued = Timestamp(at);
    let expires = Timestamp(at + statement_days * DAY);
    let subject = Subject {
        brand: brand.id.clone(),
        root: brand.root.clone(),
        product: None,
    };
    let aggregate = Aggregate {
        product: None,
        count: reviews.len() as u64,
        histogram,
        as_of: issued.date(),
    };
    let statement = |kind, pages| Statement {
        spec: "1".into(),
        kind,
        subject: subject.clone(),
        issued_at: issued,
        expires_at: Some(expires),
        review: None,
        aggregate: Some(aggregate.clone()),
        certification: None,
        pages,
    };
    let sign = |s: &Statement| {
        let payload = serde_json::to_vec(s).expect("a statement serialises");
        sign_envelope(ATTESTATION_PAYLOAD_TYPE, &payload, &[key])
    };
    let index = statement(
        AttestationKind::ReviewPages,
        Some(PageIndex {
            page_size: size as u32,
            pages: files.len() as u64,
            root: root.clone(),
        }),
    );
    let first = files.first().cloned().filter(|f| {
        // Inline, page 0's text is a string of the manifest: within its string limit.
        serde_json::to_string(&f.page)
            .map(|s| s.len() - 2)
            .unwrap_or(usize::MAX)
            <= limits.string_bytes
    });
    let embed = ReviewPages {
        attestation: sign(&index),
        page_url: page_url.replace("{root}", &root),
        first,
    };
    let aggregate_env = sign(&statement(AttestationKind::Aggregate, None));
    Ok(Publication {
        brand_id: brand.id.clone(),
        root,
        issued_at: at,
        expires_at: expires.0,
        review_count: reviews.len() as u64,
        seq,
        index_json: serde_json::to_string_pretty(&embed).expect("serialises"),
        aggregate_json: serde_json::to_string_pretty(&aggregate_env).expect("serialises"),
        pages: files
            .iter()
            .map(|f| serde_json::to_string(f).expect("serialises"))
            .collect(),
    })
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
    let seq = current_seq(&state.db, &brand.id).await?;
    let reviews = load_reviews(&state.db, &brand.id, &state.config.public_url).await?;
    if reviews.is_empty() {
        unpublish(&state.db, &brand.id).await?;
        return Ok(None);
    }
    let url = default_page_url(&state.config.public_url, &brand.id);
    let p = build(
        &state.key,
        brand,
        &reviews,
        at,
        state.config.statement_days,
        &url,
        seq,
    )?;
    store(&state.db, &p).await?;
    tracing::info!(brand = %brand.id, reviews = p.review_count, pages = p.pages.len(),
        root = %p.root, "published");
    Ok(Some(p))
}

/// Stores a publication as the brand's current one, keeping the previous root's
/// pages for widgets that started reading it.
pub async fn store(db: &Db, p: &Publication) -> Result<()> {
    let mut tx = db.pool.begin().await?;
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
    tx.commit().await?;
    Ok(())
}

async fn unpublish(db: &Db, brand_id: &str) -> Result<()> {
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

/// One pass: every due brand.
pub async fn publish_due(state: &AppState) -> Result<usize> {
    let at = now();
    let ids = due(&state.db, at).await?;
    for id in &ids {
        if let Some(brand) = crate::brands::by_id(&state.db, id).await? {
            publish_brand(state, &brand, at).await?;
        }
    }
    Ok(ids.len())
}

/// `publish --out DIR`: writes review-pages.json, page-N.json and aggregate.json.
pub fn write_dir(p: &Publication, dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |name: String, body: &str| {
        std::fs::write(dir.join(&name), body)
            .with_context(|| format!("cannot write {}", dir.join(&name).display()))
    };
    write("review-pages.json".into(), &p.index_json)?;
    write("aggregate.json".into(), &p.aggregate_json)?;
    for (n, body) in p.pages.iter().enumerate() {
        write(format!("page-{n}.json"), body)?;
    }
    Ok(())
}
