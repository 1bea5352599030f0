//! Unsubscribing from a brand's review invitations: `GET /r/{token}/unsubscribe`
//! asks (mail scanners follow links and must not unsubscribe anyone), `POST` does it
//! (the page's button, and RFC 8058 one-click from the `List-Unsubscribe` header).
//! A used or expired link still unsubscribes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::db::now;
use crate::form::{internal, limited, refused_page};
use crate::lang;
use crate::page;
use crate::ratelimit::ClientIp;
use crate::serve::AppState;
use crate::tokens::{self, Refused};

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/r/{token}/unsubscribe",
        get(unsubscribe_page).post(unsubscribe),
    )
}

/// The buyer's address behind a link, even a used or expired one (unsubscribing
/// must keep working), or None.
async fn address(
    state: &AppState,
    token: &str,
) -> anyhow::Result<Option<(String, Option<String>, Option<String>)>> {
    if !tokens::well_formed(token) {
        return Ok(None);
    }
    use sqlx::Row;
    let r = sqlx::query(
        "SELECT i.brand_id, o.email, o.locale FROM invitations i JOIN orders o \
         ON o.brand_id = i.brand_id AND o.order_id = i.order_id WHERE i.token_hash = $1 AND i.sent_at IS NOT NULL",
    )
    .bind(tokens::hash(token))
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(match r {
        Some(r) => Some((
            r.try_get("brand_id")?,
            r.try_get("email")?,
            r.try_get("locale")?,
        )),
        None => None,
    })
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    ip: ClientIp,
    Path(token): Path<String>,
) -> Response {
    let en = lang::pick(None);
    if !state.limits.per_ip.allow(&ip.key(), now()) {
        return limited(en);
    }
    // GET only asks: mail scanners follow links, and must not unsubscribe anyone.
    match address(&state, &token).await {
        Ok(Some((_, _, locale))) => {
            let l = lang::pick(locale.as_deref());
            let body = format!(
                "<h1>{}</h1><form method=\"post\"><button type=\"submit\">{}</button></form>",
                crate::html::escape(l.get("mail_unsubscribe")),
                crate::html::escape(l.get("unsub_title")),
            );
            page::render(
                StatusCode::OK,
                l.tag,
                l.dir(),
                l.get("mail_unsubscribe"),
                &body,
            )
        }
        Ok(None) => refused_page(en, Refused::Invalid),
        Err(e) => internal(e),
    }
}

/// RFC 8058 one-click and the page's button: remember the address (hashed) for this
/// brand and cancel what is pending for it.
async fn unsubscribe(
    State(state): State<AppState>,
    ip: ClientIp,
    Path(token): Path<String>,
) -> Response {
    let en = lang::pick(None);
    if !state.limits.per_ip.allow(&ip.key(), now()) {
        return limited(en);
    }
    let (brand, email, locale) = match address(&state, &token).await {
        Ok(Some(x)) => x,
        Ok(None) => return refused_page(en, Refused::Invalid),
        Err(e) => return internal(e),
    };
    let l = lang::pick(locale.as_deref());
    if let Some(email) = email {
        if let Err(e) = crate::invite::unsubscribe(&state, &brand, &email).await {
            return internal(e);
        }
    }
    page::message(
        StatusCode::OK,
        l.tag,
        l.dir(),
        l.get("unsub_title"),
        l.get("unsub_body"),
    )
}
