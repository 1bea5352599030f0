//! Invitations: which fulfilled order gets one, when, and what it says.
//!
//! One invitation per ordered product, due `invite_after` (per market, default 14
//! days) after fulfilment; its review link is derived from the collector key and the
//! invitation id (tokens.rs), so the one reminder carries the same link while the
//! database keeps only the link's hash. The text is one neutral template per language
//! (lang/*.json): nothing about the buyer but their language chooses a word of it, and
//! no flow anywhere depends on an expected rating.

use anyhow::Result;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use crate::lang::Lang;
use crate::serve::AppState;
use crate::tokens;

/// The delay for a buyer's market (ISO 3166-1 alpha-2 shipping country).
pub fn delay_for(state: &AppState, market: Option<&str>) -> i64 {
    market
        .and_then(|m| {
            state
                .config
                .invite_after_market
                .get(&m.to_ascii_uppercase())
        })
        .copied()
        .unwrap_or(state.config.invite_after)
}

/// The hash under which an unsubscribed address is remembered (per brand; the
/// address itself is deleted with the order at the end of the invitation window).
pub fn email_hash(email: &str) -> String {
    tokens::hex(&Sha256::digest(email.trim().to_lowercase().as_bytes()))
}

/// Creates the invitations and their outbox rows for a fulfilled order, once: a
/// repeated call (a webhook delivered twice, the sweep) changes nothing. Call it in
/// the same transaction that stored the fulfilment, so neither exists without the other.
pub async fn schedule(
    conn: &mut AnyConnection,
    state: &AppState,
    brand_id: &str,
    order_id: &str,
    now: i64,
) -> Result<usize> {
    let Some(order) = sqlx::query(
        "SELECT email, country, fulfilled_at FROM orders WHERE brand_id = $1 AND order_id = $2",
    )
    .bind(brand_id)
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(0);
    };
    let email: Option<String> = order.try_get("email")?;
    let fulfilled: Option<i64> = order.try_get("fulfilled_at")?;
    let (Some(email), Some(fulfilled)) = (email, fulfilled) else {
        return Ok(0);
    };
    // An unsubscribed buyer's products are recorded as such (no link, no send), so the
    // order counts as handled and the sweep does not return to it.
    let unsub = unsubscribed(conn, brand_id, &email).await?;
    let country: Option<String> = order.try_get("country")?;
    let due = fulfilled.saturating_add(delay_for(state, country.as_deref()));
    let items =
        sqlx::query("SELECT product_id FROM order_items WHERE brand_id = $1 AND order_id = $2")
            .bind(brand_id)
            .bind(order_id)
            .fetch_all(&mut *conn)
            .await?;
    let secret = tokens::link_secret(&state.key);
    let mut created = 0;
    for item in items {
        let product: String = item.try_get("product_id")?;
        let id = crate::keys::random_id();
        let token_hash = (!unsub).then(|| tokens::hash(&tokens::link_token(&secret, &id)));
        let state_text = if unsub { "unsubscribed" } else { "pending" };
        let inserted = sqlx::query(
            "INSERT INTO invitations (id, brand_id, order_id, product_id, token_hash, state, due_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (brand_id, order_id, product_id) DO NOTHING",
        )
        .bind(&id)
        .bind(brand_id)
        .bind(order_id)
        .bind(&product)
        .bind(&token_hash)
        .bind(state_text)
        .bind(due)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if inserted == 1 && !unsub {
            crate::outbox::enqueue(conn, brand_id, &id, crate::outbox::Kind::Invite, due).await?;
            created += 1;
        }
    }
    Ok(created)
}

/// Orders per sweep query.
const SWEEP_BATCH: usize = 500;

/// Fulfilled orders still in their window that have no invitation yet get theirs,
/// each order in its own transaction (all its products or none). Runs until no such
/// order is left, so a bulk import is scheduled in one sweep. Returns the orders seen.
pub async fn sweep(state: &AppState, now: i64) -> Result<usize> {
    let mut seen = 0;
    loop {
        let rows = sqlx::query(
            "SELECT o.brand_id, o.order_id FROM orders o \
             WHERE o.fulfilled_at IS NOT NULL AND o.email IS NOT NULL AND o.window_closes_at > $1 \
             AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.brand_id = o.brand_id AND i.order_id = o.order_id) \
             AND EXISTS (SELECT 1 FROM order_items t WHERE t.brand_id = o.brand_id AND t.order_id = o.order_id) \
             LIMIT $2",
        )
        .bind(now)
        .bind(SWEEP_BATCH as i64)
        .fetch_all(&state.db.pool)
        .await?;
        for r in &rows {
            let (b, o): (String, String) = (r.try_get("brand_id")?, r.try_get("order_id")?);
            let mut tx = state.db.pool.begin().await?;
            schedule(&mut tx, state, &b, &o, now).await?;
            tx.commit().await?;
        }
        seen += rows.len();
        if rows.len() < SWEEP_BATCH {
            return Ok(seen);
        }
    }
}

pub async fn unsubscribed(conn: &mut AnyConnection, brand_id: &str, email: &str) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM unsubscribes WHERE brand_id = $1 AND email_hash = $2")
            .bind(brand_id)
            .bind(email_hash(email))
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

/// What one email says, as text and HTML (values escaped here, once).
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The invitation (or its one reminder). Same words for every buyer of a language.
pub fn letter(
    l: &Lang,
    brand: &str,
    product: &str,
    collector: &str,
    link: &str,
    unsubscribe: &str,
    reminder: bool,
) -> Letter {
    let v = [
        ("brand", brand),
        ("product", product),
        ("collector", collector),
    ];
    let subject = l.fill(
        if reminder {
            "mail_reminder_subject"
        } else {
            "mail_subject"
        },
        &v,
    );
    let intro = l.fill(
        if reminder {
            "mail_reminder_intro"
        } else {
            "mail_intro"
        },
        &v,
    );
    let (greeting, cta, why, unsub) = (
        l.get("mail_greeting"),
        l.fill("mail_product_link", &v),
        l.fill("mail_why", &v),
        l.get("mail_unsubscribe"),
    );
    let text =
        format!("{greeting}\n\n{intro}\n\n{cta}\n{link}\n\n--\n{why}\n{unsub} {unsubscribe}\n");
    let e = crate::html::escape;
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{s}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;max-width:36em;margin:0 auto;padding:1em\">\
         <p>{g}</p><p>{i}</p><p>{c}<br><a href=\"{l}\" style=\"display:inline-block;padding:.6em 1em;\
         background:#1a56db;color:#fff;text-decoration:none;border-radius:4px\">{p}</a></p>\
         <hr><p style=\"font-size:.9em;color:#444\">{w}<br>{u} <a href=\"{ul}\">{ul}</a></p></body></html>",
        lang = e(l.tag),
        dir = e(l.dir()),
        s = e(&subject),
        g = e(greeting),
        i = e(&intro),
        c = e(&cta),
        l = e(link),
        p = e(product),
        w = e(&why),
        u = e(unsub),
        ul = e(unsubscribe),
    );
    Letter {
        subject,
        text,
        html,
    }
}

/// Remembers an address as unsubscribed from this brand's invitations (hashed) and
/// cancels what is pending for it; the sender checks again before every send.
pub async fn unsubscribe(state: &AppState, brand_id: &str, email: &str) -> Result<()> {
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("INSERT INTO unsubscribes (brand_id, email_hash, at) VALUES ($1, $2, $3) ON CONFLICT (brand_id, email_hash) DO NOTHING")
        .bind(brand_id)
        .bind(email_hash(email))
        .bind(crate::db::now())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE outbox SET state = 'cancelled', last_error = 'unsubscribed' WHERE state = 'pending' AND invitation_id IN \
         (SELECT i.id FROM invitations i JOIN orders o ON o.brand_id = i.brand_id AND o.order_id = i.order_id \
          WHERE i.brand_id = $1 AND LOWER(o.email) = LOWER($2))",
    )
    .bind(brand_id)
    .bind(email.trim())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_template_escaped_in_html() {
        let l = crate::lang::pick(Some("de"));
        let m = letter(
            l,
            "<b>Acme</b>",
            "Zelt \"X\"",
            "Collector",
            "https://c/r/T",
            "https://c/u/T",
            false,
        );
        assert!(
            m.subject.contains("<b>Acme</b>"),
            "plain text keeps the name"
        );
        assert!(m.html.contains("&lt;b&gt;Acme&lt;/b&gt;"));
        assert!(!m.html.contains("<b>Acme"));
        assert!(m.text.contains("https://c/r/T") && m.text.contains("https://c/u/T"));
        let r = letter(l, "A", "P", "C", "L", "U", true);
        assert_ne!(r.subject, m.subject);
    }
}
