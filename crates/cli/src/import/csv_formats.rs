//! The four CSV exports, each read by its published column names (the fixtures
//! in tests/cmd/import.in/ say where each list comes from). Columns are found by
//! name, in any order; unknown columns are ignored; a missing required column
//! refuses the whole file (it is not the export `--from` says).

use std::collections::HashMap;

use anyhow::{bail, Context, Result};

use super::row::{flag, urls, Row};
use super::Source;

/// A CSV export's rows, each with its spreadsheet row number (the header is row 1).
pub fn read(
    source: Source,
    bytes: &[u8],
    what: &str,
) -> Result<Vec<Result<Row, (String, String)>>> {
    // Spreadsheet programs write a byte order mark; the csv crate keeps it.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .with_context(|| format!("{what} is not a CSV file"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let columns: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();
    let missing: Vec<&str> = required(source)
        .iter()
        .copied()
        .filter(|c| !columns.contains_key(c))
        .collect();
    if !missing.is_empty() {
        bail!(
            "{what} is not a {} export: it has no {} column{} (its header: {})",
            source.name(),
            missing.join(", "),
            if missing.len() == 1 { "" } else { "s" },
            header.join(",")
        );
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let place = format!("row {}", i + 2);
        match record {
            Ok(r) => {
                let get = |name: &str| {
                    columns
                        .get(name)
                        .and_then(|&c| r.get(c))
                        .unwrap_or("")
                        .to_owned()
                };
                rows.push(Ok(row(source, &get, place)));
            }
            // A row the CSV reader cannot split (invalid UTF-8, say): reported
            // like any bad row, and the reader goes on with the next record.
            Err(e) => rows.push(Err((place, format!("is not readable CSV: {e}")))),
        }
    }
    Ok(rows)
}

/// Columns without which a file is not that export.
fn required(source: Source) -> &'static [&'static str] {
    match source {
        Source::Judgeme => &["title", "body", "rating", "review_date", "reviewer_name"],
        Source::Shopify => &[
            "product_handle",
            "rating",
            "title",
            "author",
            "body",
            "created_at",
        ],
        Source::Okendo => &["name", "body", "rating", "dateCreated"],
        Source::Yotpo => &[
            "review_title",
            "review_content",
            "review_score",
            "date",
            "display_name",
        ],
        Source::Google => &[],
    }
}

fn row(source: Source, get: &dyn Fn(&str) -> String, place: String) -> Row {
    let mut row = Row {
        place,
        ..Row::default()
    };
    match source {
        // title,body,rating,review_date,source,curated,reviewer_name,reviewer_email,
        // product_id,product_handle,reply,reply_date,picture_urls,ip_address,location
        Source::Judgeme => {
            row.title = get("title");
            row.body = get("body");
            row.rating = get("rating");
            row.date = get("review_date");
            row.author = get("reviewer_name");
            // `curated`: ok (published), spam, not-yet; empty in hand-made imports.
            let curated = get("curated").trim().to_ascii_lowercase();
            row.published = Some(curated.is_empty() || curated == "ok");
            row.products.ids.push(get("product_id"));
            row.products.handles.push(get("product_handle"));
            row.photos = urls(&get("picture_urls"));
            row.country = get("location");
            row.reply = get("reply");
            row.reply_date = get("reply_date");
        }
        // product_handle,state,rating,title,author,email,location,body,reply,
        // created_at,replied_at
        Source::Shopify => {
            row.products.handles.push(get("product_handle"));
            let state = get("state").trim().to_ascii_lowercase();
            row.published = Some(state.is_empty() || state == "published");
            row.rating = get("rating");
            row.title = get("title");
            row.author = get("author");
            row.country = get("location");
            row.body = get("body");
            row.date = get("created_at");
            row.reply = get("reply");
            row.reply_date = get("replied_at");
        }
        // name,title,body,handle,productId,sku,rating,dateCreated,countryCode,
        // email,imageUrls
        Source::Okendo => {
            row.author = get("name");
            row.title = get("title");
            row.body = get("body");
            row.products.handles.push(get("handle"));
            row.products.ids.push(get("productId"));
            row.products.skus.push(get("sku"));
            row.rating = get("rating");
            row.date = get("dateCreated");
            row.country = get("countryCode");
            row.photos = urls(&get("imageUrls"));
        }
        // appkey,published,review_title,review_content,review_score,date,user_type,
        // sku,product_url,product_title,product_description,product_image_url,
        // display_name,email,comment_content,comment_public,comment_created_at
        Source::Yotpo => {
            row.published = Some(flag(&get("published")).unwrap_or(true));
            row.title = get("review_title");
            row.body = get("review_content");
            row.rating = get("review_score");
            row.date = get("date");
            // Yotpo marks buyers it matched to an order `verified_buyer`.
            row.verified = Some(get("user_type").trim() == "verified_buyer");
            // Yotpo's `sku` is the store's product id (Shopify's, for Shopify stores).
            let sku = get("sku");
            row.products.skus.push(sku.clone());
            row.products.ids.push(sku);
            row.products.push_url(&get("product_url"));
            row.author = get("display_name");
            // A comment the brand made public is its reply; private ones stay private.
            if flag(&get("comment_public")) == Some(true) {
                row.reply = get("comment_content");
                row.reply_date = get("comment_created_at");
            }
        }
        Source::Google => unreachable!("the Google feed is XML (google.rs)"),
    }
    row
}
