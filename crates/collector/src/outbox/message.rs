//! What one email says: the row's details, read at send time, and its RFC 5322 message.

use anyhow::{Context, Result};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use sqlx::Row;

use super::claim::Claim;
use super::Kind;
use crate::invite;
use crate::serve::AppState;
use crate::tokens;

/// Everything one email needs, read at send time (an address deleted by the
/// retention rule or unsubscribed since is never mailed).
pub(super) struct Details {
    pub(super) brand_id: String,
    brand_name: String,
    pub(super) email: Option<String>,
    locale: Option<String>,
    product_title: String,
    pub(super) used: bool,
}

pub(super) async fn details(state: &AppState, invitation_id: &str) -> Result<Details> {
    let r = sqlx::query(
        "SELECT i.brand_id, b.name, o.email, o.locale, t.title, i.used_at FROM invitations i \
         JOIN brands b ON b.id = i.brand_id \
         JOIN orders o ON o.brand_id = i.brand_id AND o.order_id = i.order_id \
         LEFT JOIN order_items t ON t.brand_id = i.brand_id AND t.order_id = i.order_id AND t.product_id = i.product_id \
         WHERE i.id = $1",
    )
    .bind(invitation_id)
    .fetch_one(&state.db.pool)
    .await?;
    let used: Option<i64> = r.try_get("used_at")?;
    Ok(Details {
        brand_id: r.try_get("brand_id")?,
        brand_name: r.try_get("name")?,
        email: r.try_get("email")?,
        locale: r.try_get("locale")?,
        product_title: r.try_get::<Option<String>, _>("title")?.unwrap_or_default(),
        used: used.is_some(),
    })
}

/// The RFC 5322 message of one claimed row.
pub(super) fn compose(state: &AppState, c: &Claim, d: &Details, to: &str) -> Result<Message> {
    let lang = crate::lang::pick(d.locale.as_deref());
    let token = tokens::link_token(&tokens::link_secret(&state.key), &c.invitation_id);
    let base = &state.config.public_url;
    let link = format!("{base}/r/{token}");
    let unsub = format!("{base}/r/{token}/unsubscribe");
    let l = invite::letter(
        lang,
        &d.brand_name,
        &d.product_title,
        &state.config.collector_name,
        &link,
        &unsub,
        c.kind == Kind::Reminder,
    );
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost");
    let from: Mailbox = format!(
        "{} <{}>",
        state.config.collector_name, state.config.smtp_from
    )
    .parse()
    .or_else(|_| state.config.smtp_from.parse())
    .context("TRUST_COLLECTOR_SMTP_FROM is not an address")?;
    Ok(Message::builder()
        .from(from)
        .to(to.parse().context("recipient")?)
        .subject(l.subject)
        // Stable per row: a mail client shows a duplicate as one message, should one ever occur.
        .message_id(Some(format!("<{}.{}@{host}>", c.id, c.kind.as_str())))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            lang.tag.into(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{unsub}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(l.text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(l.html),
                ),
        )?)
}
