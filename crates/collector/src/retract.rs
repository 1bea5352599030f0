//! The author's own request to remove their review (one of the five moderation
//! reasons): the used link's page offers it, `POST /r/{token}/remove` does it, logged
//! with actor `author` and counted under `author-request` in the public report.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use sqlx::Row;

use crate::db::now;
use crate::form::{internal, limited, refused_page};
use crate::html::escape as e;
use crate::lang;
use crate::moderation::{self, Reason};
use crate::page;
use crate::ratelimit::ClientIp;
use crate::serve::AppState;
use crate::tokens::{self, Refused};

pub fn routes() -> Router<AppState> {
    Router::new().route("/r/{token}/remove", post(remove))
}

/// The review written with this link: (brand, review id, status, buyer's locale).
async fn review_of(
    state: &AppState,
    token: &str,
) -> anyhow::Result<Option<(String, String, String, Option<String>)>> {
    if !tokens::well_formed(token) {
        return Ok(None);
    }
    let r = sqlx::query(
        "SELECT r.brand_id, r.id, r.status, o.locale FROM invitations i \
         JOIN reviews r ON r.invitation_id = i.id \
         JOIN orders o ON o.brand_id = i.brand_id AND o.order_id = i.order_id \
         WHERE i.token_hash = $1",
    )
    .bind(tokens::hash(token))
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(match r {
        Some(r) => Some((
            r.try_get("brand_id")?,
            r.try_get("id")?,
            r.try_get("status")?,
            r.try_get("locale")?,
        )),
        None => None,
    })
}

/// "This link was already used", in the buyer's language, with the removal offer
/// while the review is published.
pub async fn used_page(state: &AppState, token: &str) -> Response {
    let found = match review_of(state, token).await {
        Ok(f) => f,
        Err(err) => return internal(err),
    };
    let locale = found.as_ref().and_then(|f| f.3.clone());
    let l = lang::pick(locale.as_deref());
    let mut body = format!(
        "<h1>{}</h1><p role=\"status\">{}</p>",
        e(l.get("used_title")),
        e(l.get("used_body"))
    );
    if found.as_ref().is_some_and(|f| f.2 == "published") {
        body.push_str(&format!(
            "<p>{}</p><form method=\"post\" action=\"/r/{}/remove\"><button type=\"submit\" class=\"secondary\">{}</button></form>",
            e(l.get("remove_offer")),
            e(token),
            e(l.get("remove_button"))
        ));
    }
    page::render(
        StatusCode::CONFLICT,
        l.tag,
        l.dir(),
        l.get("used_title"),
        &body,
    )
}

async fn remove(
    State(state): State<AppState>,
    ip: ClientIp,
    Path(token): Path<String>,
) -> Response {
    let en = lang::pick(None);
    let t = now();
    if !state.limits.per_ip.allow(&ip.key(), t)
        || (tokens::well_formed(&token) && !state.limits.per_token.allow(&token, t))
    {
        return limited(en);
    }
    let (brand, id, status, locale) = match review_of(&state, &token).await {
        Ok(Some(f)) => f,
        Ok(None) => return refused_page(en, Refused::Invalid),
        Err(err) => return internal(err),
    };
    let l = lang::pick(locale.as_deref());
    if status == "published" {
        if let Err(err) =
            moderation::remove(&state, &brand, &id, Reason::AuthorRequest, "author").await
        {
            return internal(err);
        }
    }
    page::message(
        StatusCode::OK,
        l.tag,
        l.dir(),
        l.get("removed_title"),
        l.get("removed_body"),
    )
}
