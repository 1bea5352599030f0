//! Moderation with uniform criteria. Every submitted review is published; it is
//! removed only for one of five fixed reasons, none of which looks at the rating
//! (FTC 16 CFR 465.7, EU 2019/2161): there is no setting, parameter or code path that
//! takes a rating into a decision. Each decision is logged with reason, time and
//! actor; the counts by reason are public per brand (`/v1/brands/{id}/moderation.json`).
//! The brand may reply to a review; the reply is stored and shown as the brand's.

use anyhow::{bail, Result};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sqlx::{AnyConnection, Row};

use crate::serve::AppState;

/// The only reasons a review is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Abusive,
    PersonalData,
    SpamOrUnrelated,
    LegalOrder,
    AuthorRequest,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::Abusive,
        Reason::PersonalData,
        Reason::SpamOrUnrelated,
        Reason::LegalOrder,
        Reason::AuthorRequest,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::Abusive => "abusive",
            Reason::PersonalData => "personal-data",
            Reason::SpamOrUnrelated => "spam-or-unrelated",
            Reason::LegalOrder => "legal-order",
            Reason::AuthorRequest => "author-request",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::Abusive => "Abusive (threats, hate, harassment)",
            Reason::PersonalData => "Personal data of someone",
            Reason::SpamOrUnrelated => "Spam or not about the product",
            Reason::LegalOrder => "Legal order",
            Reason::AuthorRequest => "The author asked to remove it",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Publish,
    Remove,
    Restore,
    /// The brand's reply: first written, edited, removed (logged like decisions).
    Reply,
    ReplyEdit,
    ReplyRemove,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::Publish => "publish",
            Action::Remove => "remove",
            Action::Restore => "restore",
            Action::Reply => "reply",
            Action::ReplyEdit => "reply-edit",
            Action::ReplyRemove => "reply-remove",
        }
    }
}

pub async fn log(
    conn: &mut AnyConnection,
    brand_id: &str,
    review_id: &str,
    action: Action,
    reason: Option<Reason>,
    actor: &str,
    at: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO moderation_log (id, brand_id, review_id, action, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(crate::keys::random_id())
        .bind(brand_id)
        .bind(review_id)
        .bind(action.code())
        .bind(reason.map(|r| r.code()))
        .bind(actor)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes a published review of `brand_id` for `reason`; false if there is no such
/// published review of this brand (another brand's review id changes nothing).
pub async fn remove(
    state: &AppState,
    brand_id: &str,
    review_id: &str,
    reason: Reason,
    actor: &str,
) -> Result<bool> {
    set_status(
        state,
        brand_id,
        review_id,
        "published",
        "removed",
        Action::Remove,
        Some(reason),
        actor,
    )
    .await
}

/// Undoes a removal (a mistaken decision); logged like every decision.
pub async fn restore(
    state: &AppState,
    brand_id: &str,
    review_id: &str,
    actor: &str,
) -> Result<bool> {
    set_status(
        state,
        brand_id,
        review_id,
        "removed",
        "published",
        Action::Restore,
        None,
        actor,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn set_status(
    state: &AppState,
    brand_id: &str,
    review_id: &str,
    from: &str,
    to: &str,
    action: Action,
    reason: Option<Reason>,
    actor: &str,
) -> Result<bool> {
    let t = crate::db::now();
    let mut tx = state.db.pool.begin().await?;
    let n = sqlx::query("UPDATE reviews SET status = $1, changed_at = $2 WHERE id = $3 AND brand_id = $4 AND status = $5")
        .bind(to)
        .bind(t)
        .bind(review_id)
        .bind(brand_id)
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    log(&mut tx, brand_id, review_id, action, reason, actor, t).await?;
    if let (Action::Remove, Some(reason)) = (action, reason) {
        // The public log's removal leaf commits with the decision or not at all.
        crate::log::append_removal(&mut tx, brand_id, review_id, reason.code(), t).await?;
    }
    tx.commit().await?;
    state.changed(brand_id).await?;
    Ok(true)
}

/// The brand's reply to one of its reviews (replaces an earlier reply), logged with
/// actor and time; published with the review, as the brand's words. False when the
/// review is not this brand's. The same text again changes nothing.
pub async fn reply(
    state: &AppState,
    brand_id: &str,
    review_id: &str,
    body: &str,
    actor: &str,
) -> Result<bool> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_REPLY_CHARS {
        bail!("a reply has 1 to {MAX_REPLY_CHARS} characters");
    }
    let t = crate::db::now();
    let mut tx = state.db.pool.begin().await?;
    let exists = sqlx::query("SELECT 1 FROM reviews WHERE id = $1 AND brand_id = $2")
        .bind(review_id)
        .bind(brand_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        return Ok(false);
    }
    let before: Option<String> =
        sqlx::query("SELECT body FROM replies WHERE review_id = $1 AND brand_id = $2")
            .bind(review_id)
            .bind(brand_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("body"))
            .transpose()?;
    if before.as_deref() == Some(body) {
        return Ok(true);
    }
    sqlx::query(
        "INSERT INTO replies (review_id, brand_id, body, at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (review_id) DO UPDATE SET body = excluded.body, at = excluded.at",
    )
    .bind(review_id)
    .bind(brand_id)
    .bind(body)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let action = if before.is_some() {
        Action::ReplyEdit
    } else {
        Action::Reply
    };
    log(&mut tx, brand_id, review_id, action, None, actor, t).await?;
    tx.commit().await?;
    state.changed(brand_id).await?;
    Ok(true)
}

/// Longest reply, in characters (the form's maxlength).
pub const MAX_REPLY_CHARS: usize = 5000;

/// Withdraws the brand's reply; false when this brand's review has none.
pub async fn remove_reply(
    state: &AppState,
    brand_id: &str,
    review_id: &str,
    actor: &str,
) -> Result<bool> {
    let t = crate::db::now();
    let mut tx = state.db.pool.begin().await?;
    let n = sqlx::query("DELETE FROM replies WHERE review_id = $1 AND brand_id = $2")
        .bind(review_id)
        .bind(brand_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    log(
        &mut tx,
        brand_id,
        review_id,
        Action::ReplyRemove,
        None,
        actor,
        t,
    )
    .await?;
    tx.commit().await?;
    state.changed(brand_id).await?;
    Ok(true)
}

/// Reviews currently removed, by reason, plus the number published: what the brand's
/// public moderation report says.
pub async fn counts(state: &AppState, brand_id: &str) -> Result<(i64, Vec<(Reason, i64)>)> {
    let published: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM reviews WHERE brand_id = $1 AND status = 'published'",
    )
    .bind(brand_id)
    .fetch_one(&state.db.pool)
    .await?
    .try_get("n")?;
    // The reason of a removed review is that of its latest removal.
    let rows = sqlx::query(
        "SELECT l.reason, COUNT(*) AS n FROM reviews r JOIN moderation_log l ON l.review_id = r.id \
         WHERE r.brand_id = $1 AND r.status = 'removed' AND l.action = 'remove' AND l.at = \
         (SELECT MAX(m.at) FROM moderation_log m WHERE m.review_id = r.id AND m.action = 'remove') \
         GROUP BY l.reason",
    )
    .bind(brand_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out: Vec<(Reason, i64)> = Reason::ALL.iter().map(|r| (*r, 0)).collect();
    for r in rows {
        let code: Option<String> = r.try_get("reason")?;
        let n: i64 = r.try_get("n")?;
        if let Some(reason) = code.as_deref().and_then(Reason::parse) {
            if let Some(slot) = out.iter_mut().find(|(x, _)| *x == reason) {
                slot.1 += n;
            }
        }
    }
    Ok((published, out))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/v1/brands/{id}/moderation.json", get(report))
}

async fn report(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let known = sqlx::query("SELECT 1 FROM brands WHERE id = $1")
        .bind(&id)
        .fetch_optional(&state.db.pool)
        .await;
    match known {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    match counts(&state, &id).await {
        Ok((published, removed)) => {
            let removed: serde_json::Map<String, serde_json::Value> = removed
                .into_iter()
                .map(|(r, n)| (r.code().to_string(), n.into()))
                .collect();
            let body = serde_json::json!({
                "brand": id,
                "published": published,
                "removed": removed,
                "policy": "Every review is published unless one of these reasons applies; no reason depends on the rating.",
            });
            (
                [(header::CACHE_CONTROL, "public, max-age=300")],
                axum::Json(body),
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "moderation report failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
