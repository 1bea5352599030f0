//! `trust-collector orders import --brand ID FILE.csv`: orders from any system that
//! can export a CSV. One row per line item, header required:
//!
//! `order_id,email,locale,country,created_at,fulfilled_at,product_id,sku,title`
//!
//! (`locale`, `country`, `created_at`, `sku`, `title` may be empty; times RFC 3339).
//! Rows of one order are merged. A bad row is reported with its line number and
//! reason and skipped; the good rows are imported, each order in one transaction.

use std::collections::BTreeMap;
use std::io::Read;

use anyhow::{bail, Context, Result};

use crate::brands::Brand;
use crate::db::{now, Db};
use crate::generic::parse_time;
use crate::orders::{upsert, Item, Order};

pub const COLUMNS: [&str; 9] = [
    "order_id",
    "email",
    "locale",
    "country",
    "created_at",
    "fulfilled_at",
    "product_id",
    "sku",
    "title",
];

/// What an import did.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub orders: usize,
    pub rows: usize,
    /// (line number, reason) of every skipped row.
    pub bad: Vec<(u64, String)>,
}

/// What a CSV file holds: its orders, how many rows made them, and the bad rows.
#[derive(Debug, Default)]
pub struct Parsed {
    pub orders: Vec<Order>,
    pub rows: usize,
    pub bad: Vec<(u64, String)>,
}

/// Reads the CSV and returns the orders it describes and the bad rows.
pub fn parse(input: impl Read, at: i64) -> Result<Parsed> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .context("reading the CSV header")?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header != COLUMNS {
        bail!("the header must be exactly: {}", COLUMNS.join(","));
    }
    let mut orders: BTreeMap<String, Order> = BTreeMap::new();
    let mut bad = Vec::new();
    let mut rows = 0;
    for record in reader.records() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position().map(|p| p.line()))
            .unwrap_or(0);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                bad.push((line, format!("unreadable row: {e}")));
                continue;
            }
        };
        match row(&record, at) {
            Ok(o) => {
                let entry = orders.entry(o.order_id.clone()).or_insert_with(|| Order {
                    items: Vec::new(),
                    ..o.clone()
                });
                if entry.email != o.email || entry.fulfilled_at != o.fulfilled_at {
                    bad.push((
                        line,
                        format!(
                            "order {} has differing email or fulfilled_at across rows",
                            o.order_id
                        ),
                    ));
                    continue;
                }
                entry.items.extend(o.items);
                rows += 1;
            }
            Err(reason) => bad.push((line, reason)),
        }
    }
    Ok(Parsed {
        orders: orders.into_values().collect(),
        rows,
        bad,
    })
}

fn row(r: &csv::StringRecord, at: i64) -> Result<Order, String> {
    if r.len() != COLUMNS.len() {
        return Err(format!("{} fields, expected {}", r.len(), COLUMNS.len()));
    }
    let f = |i: usize| Some(r[i].to_string()).filter(|s| !s.trim().is_empty());
    let email = f(1).ok_or("email is empty")?;
    if !crate::orders::plausible_email(&email) {
        return Err(format!("email {email:?} is not an email address"));
    }
    let fulfilled = parse_time("fulfilled_at", f(5).as_deref()).map_err(|e| e.0)?;
    let product_id = f(6).ok_or("product_id is empty")?;
    let order = Order {
        order_id: f(0).ok_or("order_id is empty")?,
        email: Some(email),
        locale: f(2),
        country: f(3),
        created_at: parse_time("created_at", f(4).as_deref())
            .map_err(|e| e.0)?
            .unwrap_or(at)
            .min(at),
        fulfilled_at: fulfilled.map(|t| t.min(at)),
        items: vec![Item {
            product_id,
            sku: f(7),
            title: f(8),
        }],
    };
    order.validated().map_err(|e| e.0)
}

/// Imports the CSV for `brand`.
pub async fn import(db: &Db, brand: &Brand, input: impl Read, invite_after: i64) -> Result<Report> {
    let Parsed { orders, rows, bad } = parse(input, now())?;
    for o in &orders {
        let mut tx = db.pool.begin().await?;
        upsert(&mut tx, &brand.id, "csv", o, invite_after).await?;
        tx.commit().await?;
    }
    Ok(Report {
        orders: orders.len(),
        rows,
        bad,
    })
}
