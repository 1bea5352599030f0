//! The database side of `cargo xtask bench`'s collector rows (xtask/src/bench_collector.rs
//! drives the service over HTTP and SMTP; this reads and seeds its database, which
//! the xtask does not link):
//!
//! - `count URL BRAND`: prints `orders webhook_events reviews` of the brand, to
//!   check that no webhook the service acknowledged was lost;
//! - `seed URL BRAND ROOT N`: registers the brand and gives it N published reviews
//!   (as if N buyers had used their links), for timing `trust-collector publish`;
//! - `photo FILE WIDTH HEIGHT`: a JPEG of that size, for the form submissions;
//! - `log-append URL DATA_DIR N BATCH`: appends N leaves to the public review log
//!   in transactions of BATCH (each then sequenced: tiles and a signed checkpoint,
//!   as a publication with BATCH new reviews does) and prints the seconds taken.

use anyhow::{bail, Context, Result};
use sqlx::Row;
use trust_collector::brands::{self, NewBrand};
use trust_collector::db::{now, Db};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["count", url, brand] => count(url, brand).await,
        ["seed", url, brand, root, n] => seed(url, brand, root, n.parse()?).await,
        ["photo", file, w, h] => photo(file, w.parse()?, h.parse()?),
        ["log-append", url, dir, n, batch] => {
            log_append(url, dir, n.parse()?, batch.parse()?).await
        }
        _ => bail!(
            "usage: bench_db count URL BRAND | seed URL BRAND ROOT N | photo FILE W H \
             | log-append URL DATA_DIR N BATCH"
        ),
    }
}

async fn count(url: &str, brand: &str) -> Result<()> {
    let db = Db::open(url).await?;
    let mut counts = Vec::new();
    for table in ["orders", "webhook_events", "reviews"] {
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE brand_id = $1"
        ))
        .bind(brand)
        .fetch_one(&db.pool)
        .await?;
        counts.push(row.try_get::<i64, _>("n")?.to_string());
    }
    println!("{}", counts.join(" "));
    Ok(())
}

async fn seed(url: &str, brand: &str, root: &str, n: usize) -> Result<()> {
    let db = Db::open(url).await?;
    brands::add(
        &db,
        NewBrand {
            id: brand.into(),
            name: "Bench Outdoor".into(),
            root: root.into(),
            shop_domain: format!("{brand}.myshopify.com"),
            webhook_secret: None,
        },
    )
    .await?;
    const BODIES: [(&str, &str); 3] = [
        (
            "en",
            "Pitched it in ten minutes; two nights of rain and everything stayed dry.",
        ),
        (
            "de",
            "Auf dem Hochplateau bei starkem Wind aufgebaut: nichts hat geflattert.",
        ),
        (
            "ja",
            "一人でも十分で設営できました。雨の夜も結露は少なめでした。",
        ),
    ];
    let at = now();
    let mut tx = db.pool.begin().await?;
    for i in 0..n {
        let (lang, body) = BODIES[i % BODIES.len()];
        sqlx::query(
            "INSERT INTO reviews (id, brand_id, order_id, product_id, invitation_id, rating, \
             title, body, author, language, market, incentivized, submitted_at, changed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        )
        .bind(format!("r{i:08}"))
        .bind(brand)
        .bind(format!("o{i}"))
        .bind("tent-ridgeline-2")
        .bind(format!("i{i}"))
        .bind((1 + (i * 7) % 5) as i64)
        .bind(format!("Review {i}"))
        .bind(body)
        .bind(format!("Buyer {i}"))
        .bind(lang)
        .bind("US")
        .bind((i % 10 == 0) as i64)
        .bind(at - (n - i) as i64)
        .execute(&mut *tx)
        .await
        .context("inserting a review")?;
    }
    tx.commit().await?;
    Ok(())
}

/// A smooth gradient with some noise, so the JPEG is of a camera photo's size class.
fn photo(file: &str, w: u32, h: u32) -> Result<()> {
    let mut x: u32 = 0x9e37_79b9;
    let img = image::RgbImage::from_fn(w, h, |px, py| {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let n = (x & 15) as u8;
        image::Rgb([
            (px * 255 / w) as u8 ^ n,
            (py * 255 / h) as u8 ^ n,
            128u8.wrapping_add(n),
        ])
    });
    img.save_with_format(file, image::ImageFormat::Jpeg)?;
    Ok(())
}

async fn log_append(url: &str, dir: &str, n: usize, batch: usize) -> Result<()> {
    use trust_collector::log::{self, Leaf, Log};
    let db = Db::open(url).await?;
    let key = trust_collector::keys::load_or_create_file(
        &std::path::Path::new(dir).join(log::KEY_FILE),
        "log",
    )?;
    let log = Log::new("https://collector.bench", &key, Vec::new())?;
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < n {
        let leaves: Vec<Leaf> = (done..(done + batch).min(n))
            .map(|i| Leaf::Review {
                brand_root: "ed25519:bench".into(),
                review: format!("review-{i}"),
                statement: trust_manifest::sha256_hex(i.to_string().as_bytes()),
            })
            .collect();
        let _w = db.writer().await;
        let mut tx = db.pool.begin().await?;
        log::append(&mut tx, "bench", &leaves, now()).await?;
        log::sequence_in(&mut tx, &log).await?;
        tx.commit().await?;
        done += leaves.len();
    }
    println!("{:.3}", started.elapsed().as_secs_f64());
    Ok(())
}
