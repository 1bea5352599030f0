//! Orders in: the one shape every source (Shopify, the generic endpoint, CSV) is
//! reduced to, how it is stored, and the retention rule.
//!
//! Only what an invitation needs is kept: order id, buyer email, language, country,
//! when it was fulfilled, and per line item the product id, SKU and title. Names,
//! addresses, prices and payment details in the platform's payload are never stored.
//!
//! Retention (README "Retention"): a buyer's email is deleted when the invitation
//! window closes: `INVITATION_WINDOW_DAYS` after the invitation is due (fulfilment +
//! the invite delay), by when the invitation and its one reminder have gone out; for
//! an order never fulfilled, `UNFULFILLED_DAYS` after it was created. A later webhook
//! for the same order never brings a deleted email back.

use anyhow::Result;

use crate::db::{now, Db};
use crate::serve::{sleep_or_stop, AppState};

/// Days after the invitation's due time that the buyer's email is kept.
pub const INVITATION_WINDOW_DAYS: i64 = 30;
/// Days an unfulfilled order's email is kept.
pub const UNFULFILLED_DAYS: i64 = 90;
const DAY: i64 = 86_400;

/// Longest text kept from any field (titles, SKUs, ids); longer is cut at a char boundary.
pub const MAX_FIELD_BYTES: usize = 1024;
/// Line items kept per order.
pub const MAX_ITEMS: usize = 100;

/// An order as every source delivers it, already reduced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Order {
    pub order_id: String,
    pub email: Option<String>,
    pub locale: Option<String>,
    pub country: Option<String>,
    pub created_at: i64,
    pub fulfilled_at: Option<i64>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    pub product_id: String,
    pub sku: Option<String>,
    pub title: Option<String>,
}

/// Why an order was refused (the message names the field).
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{0}")]
pub struct Invalid(pub String);

/// Text as stored: NUL refused (PostgreSQL cannot store it in TEXT, so SQLite must
/// not either, or the two backends would disagree), overlong cut, empty is None.
pub fn clean(field: &str, v: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(v) = v else { return Ok(None) };
    if v.contains('\0') {
        return Err(Invalid(format!("{field} contains a NUL character")));
    }
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let mut end = v.len().min(MAX_FIELD_BYTES);
    while !v.is_char_boundary(end) {
        end -= 1;
    }
    Ok(Some(v[..end].to_string()))
}

/// An email address worth sending to: one `@`, no spaces or controls, ≤ 254 bytes.
/// Anything else is treated as no email (the order is kept, no one is invited).
pub fn plausible_email(e: &str) -> bool {
    let e = e.trim();
    let mut parts = e.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    e.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A two-letter market code, uppercased; anything else is None.
pub fn country(v: Option<&str>) -> Option<String> {
    let v = v?.trim();
    (v.len() == 2 && v.bytes().all(|b| b.is_ascii_alphabetic())).then(|| v.to_ascii_uppercase())
}

/// A BCP 47 tag as far as we need it (letters, digits, `-`/`_`, ≤ 35 bytes).
pub fn locale(v: Option<&str>) -> Option<String> {
    let v = v?.trim();
    let ok = (2..=35).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && v.as_bytes()[0].is_ascii_alphabetic();
    ok.then(|| v.replace('_', "-"))
}

impl Order {
    /// Checks and trims the order before it is stored.
    pub fn validated(mut self) -> Result<Order, Invalid> {
        self.order_id = clean("order id", Some(&self.order_id))?
            .ok_or_else(|| Invalid("the order has no id".into()))?;
        self.email = clean("email", self.email.as_deref())?.filter(|e| plausible_email(e));
        self.locale = locale(self.locale.as_deref());
        self.country = country(self.country.as_deref());
        let mut items = Vec::new();
        for it in self.items.into_iter().take(MAX_ITEMS) {
            let Some(product_id) = clean("product id", Some(&it.product_id))? else {
                continue;
            };
            if items.iter().any(|i: &Item| i.product_id == product_id) {
                continue;
            }
            items.push(Item {
                product_id,
                sku: clean("sku", it.sku.as_deref())?,
                title: clean("title", it.title.as_deref())?,
            });
        }
        self.items = items;
        Ok(self)
    }

    /// When the buyer's email is deleted (see the module documentation).
    pub fn window_closes_at(&self, invite_after: i64) -> i64 {
        match self.fulfilled_at {
            Some(f) => f + invite_after + INVITATION_WINDOW_DAYS * DAY,
            None => self.created_at + UNFULFILLED_DAYS * DAY,
        }
    }
}

/// Stores an order for `brand_id` inside `tx`: inserts it, or merges a later event
/// (a fulfilment) into the stored one. The brand id is in every statement, so an
/// order id one brand sends can never reach another brand's row.
pub async fn upsert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    brand_id: &str,
    source: &str,
    order: &Order,
    invite_after: i64,
) -> Result<(), sqlx::Error> {
    let closes = order.window_closes_at(invite_after);
    // The first fulfilment counts; a stored window is only ever moved by a fulfilment
    // arriving for an order that had none. A deleted email stays deleted.
    sqlx::query(
        "INSERT INTO orders (brand_id, order_id, source, email, locale, country, created_at, \
             fulfilled_at, window_closes_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (brand_id, order_id) DO UPDATE SET \
             email = CASE WHEN orders.email_deleted_at IS NULL \
                          THEN COALESCE(orders.email, excluded.email) ELSE NULL END, \
             locale = COALESCE(orders.locale, excluded.locale), \
             country = COALESCE(orders.country, excluded.country), \
             window_closes_at = CASE WHEN orders.fulfilled_at IS NULL \
                                     AND excluded.fulfilled_at IS NOT NULL \
                                THEN excluded.window_closes_at ELSE orders.window_closes_at END, \
             fulfilled_at = COALESCE(orders.fulfilled_at, excluded.fulfilled_at)",
    )
    .bind(brand_id)
    .bind(&order.order_id)
    .bind(source)
    .bind(order.email.as_deref())
    .bind(order.locale.as_deref())
    .bind(order.country.as_deref())
    .bind(order.created_at)
    .bind(order.fulfilled_at)
    .bind(closes)
    .execute(&mut **tx)
    .await?;
    for it in &order.items {
        sqlx::query(
            "INSERT INTO order_items (brand_id, order_id, product_id, sku, title) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (brand_id, order_id, product_id) DO NOTHING",
        )
        .bind(brand_id)
        .bind(&order.order_id)
        .bind(&it.product_id)
        .bind(it.sku.as_deref())
        .bind(it.title.as_deref())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Deletes every buyer email whose window closed at or before `at`; returns how many.
pub async fn sweep_emails(db: &Db, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE orders SET email = NULL, email_deleted_at = $1 \
         WHERE window_closes_at <= $1 AND email_deleted_at IS NULL",
    )
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(r.rows_affected())
}

/// Days a webhook delivery id is remembered for replay detection. Platforms retry for
/// hours to days (Shopify: 48 hours); a replay older than this is merged like any later
/// event (the upsert keeps the first fulfilment and never restores a deleted email).
pub const DELIVERY_MEMORY_DAYS: i64 = 30;

/// Forgets delivery ids older than `DELIVERY_MEMORY_DAYS`; returns how many.
pub async fn sweep_deliveries(db: &Db, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM webhook_events WHERE received_at < $1")
        .bind(at - DELIVERY_MEMORY_DAYS * DAY)
        .execute(&db.pool)
        .await?;
    Ok(r.rows_affected())
}

/// The retention sweep, at start and hourly.
pub async fn retention_loop(state: AppState) {
    let mut stop = state.shutdown.clone();
    loop {
        match sweep_emails(&state.db, now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                deleted = n,
                "retention: deleted buyer emails past their window"
            ),
            Err(e) => tracing::warn!(error = %e, "retention sweep failed; retrying in an hour"),
        }
        if let Err(e) = sweep_deliveries(&state.db, now()).await {
            tracing::warn!(error = %e, "forgetting old webhook deliveries failed");
        }
        if sleep_or_stop(&mut stop, 3600).await {
            return;
        }
    }
}

/// One stored order with its email state (for tests, the admin view and the CLI).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub order_id: String,
    pub source: String,
    pub email: Option<String>,
    pub locale: Option<String>,
    pub country: Option<String>,
    pub fulfilled_at: Option<i64>,
    pub window_closes_at: i64,
    pub items: Vec<Item>,
}

/// A brand's order by id (None for another brand's order, by construction).
pub async fn get(db: &Db, brand_id: &str, order_id: &str) -> Result<Option<Stored>> {
    use sqlx::Row;
    let Some(r) = sqlx::query(
        "SELECT order_id, source, email, locale, country, fulfilled_at, window_closes_at \
         FROM orders WHERE brand_id = $1 AND order_id = $2",
    )
    .bind(brand_id)
    .bind(order_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let items = sqlx::query(
        "SELECT product_id, sku, title FROM order_items \
         WHERE brand_id = $1 AND order_id = $2 ORDER BY product_id",
    )
    .bind(brand_id)
    .bind(order_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|i| {
        Ok(Item {
            product_id: i.try_get("product_id")?,
            sku: i.try_get("sku")?,
            title: i.try_get("title")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(Stored {
        order_id: r.try_get("order_id")?,
        source: r.try_get("source")?,
        email: r.try_get("email")?,
        locale: r.try_get("locale")?,
        country: r.try_get("country")?,
        fulfilled_at: r.try_get("fulfilled_at")?,
        window_closes_at: r.try_get("window_closes_at")?,
        items,
    }))
}

/// How many orders a brand has (tests and the CLI's import summary).
pub async fn count(db: &Db, brand_id: &str) -> Result<i64, sqlx::Error> {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM orders WHERE brand_id = $1")
        .bind(brand_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_reduced() {
        let o = Order {
            order_id: " 1001 ".into(),
            email: Some("not an email".into()),
            locale: Some("de_DE".into()),
            country: Some("de".into()),
            items: vec![
                Item {
                    product_id: "7".into(),
                    ..Item::default()
                },
                Item {
                    product_id: "7".into(),
                    ..Item::default()
                },
                Item {
                    product_id: " ".into(),
                    ..Item::default()
                },
            ],
            ..Order::default()
        }
        .validated()
        .unwrap();
        assert_eq!(o.order_id, "1001");
        assert_eq!(o.email, None);
        assert_eq!(o.locale.as_deref(), Some("de-DE"));
        assert_eq!(o.country.as_deref(), Some("DE"));
        assert_eq!(o.items.len(), 1);
        let nul = Order {
            order_id: "a\0b".into(),
            ..Order::default()
        }
        .validated();
        assert!(nul.unwrap_err().0.contains("NUL"));
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_FIELD_BYTES);
        let c = clean("title", Some(&long)).unwrap().unwrap();
        assert!(c.len() <= MAX_FIELD_BYTES && c.chars().all(|ch| ch == 'é'));
    }

    #[test]
    fn emails() {
        assert!(plausible_email("a@b.example"));
        for bad in [
            "",
            "a",
            "a@b",
            "@b.c",
            "a@@b.c",
            "a b@c.d",
            "a@b.c\u{7}",
            "a@.c",
            "a@c.",
        ] {
            assert!(!plausible_email(bad), "{bad:?}");
        }
    }
}
