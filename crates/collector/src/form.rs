//! The buyer's pages: `GET /r/{token}` (the review form), `POST /r/{token}` (multipart:
//! rating, title, body, name, incentive, up to three `photo` files), and
//! `GET|POST /r/{token}/unsubscribe`. A refused submission stores nothing; a used,
//! expired or unknown link gets a clear page and changes nothing.

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::db::now;
use crate::form_html::{self, FieldError, Values};
use crate::lang::{self, Lang};
use crate::page;
use crate::photos::{self, Clean};
use crate::ratelimit::ClientIp;
use crate::serve::AppState;
use crate::tokens::{self, Binding, Refused};

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 5000;
const MAX_NAME: usize = 80;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/r/{token}", get(show).post(submit))
        .merge(crate::unsubscribe::routes())
        .merge(crate::retract::routes())
        // Three photos at the limit plus the text fields; photos are checked one by one.
        .layer(DefaultBodyLimit::max(
            photos::MAX_PHOTOS * photos::MAX_BYTES + 256 * 1024,
        ))
}

pub(crate) fn refused_page(l: &Lang, r: Refused) -> Response {
    let (status, t, b) = match r {
        Refused::Invalid => (StatusCode::NOT_FOUND, "invalid_title", "invalid_body"),
        Refused::Expired => (StatusCode::GONE, "expired_title", "expired_body"),
        Refused::Used => (StatusCode::CONFLICT, "used_title", "used_body"),
    };
    page::message(status, l.tag, l.dir(), l.get(t), l.get(b))
}

pub(crate) fn limited(l: &Lang) -> Response {
    page::message(
        StatusCode::TOO_MANY_REQUESTS,
        l.tag,
        l.dir(),
        l.get("rate_limited"),
        l.get("rate_limited"),
    )
}

pub(crate) fn internal(e: anyhow::Error) -> Response {
    tracing::error!(error = %format!("{e:#}"), "buyer page failed");
    let l = lang::pick(None);
    page::message(
        StatusCode::INTERNAL_SERVER_ERROR,
        l.tag,
        l.dir(),
        "Error",
        "Something went wrong. Nothing was saved; please try again later.",
    )
}

/// Rate limits, then the token's binding.
async fn open(state: &AppState, ip: ClientIp, token: &str) -> Result<Binding, Response> {
    let t = now();
    let en = lang::pick(None);
    if !state.limits.per_ip.allow(&ip.key(), t) {
        return Err(limited(en));
    }
    // Per token only for well-formed tokens: garbage must not fill the table.
    if tokens::well_formed(token) && !state.limits.per_token.allow(token, t) {
        return Err(limited(en));
    }
    let mut conn = state
        .db
        .pool
        .acquire()
        .await
        .map_err(|e| internal(e.into()))?;
    match tokens::check(&mut conn, token, t).await {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(Refused::Used)) => Err(crate::retract::used_page(state, token).await),
        Ok(Err(r)) => Err(refused_page(en, r)),
        Err(e) => Err(internal(e)),
    }
}

async fn show(State(state): State<AppState>, ip: ClientIp, Path(token): Path<String>) -> Response {
    let b = match open(&state, ip, &token).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let l = lang::pick(b.locale.as_deref());
    render_form(l, &b, &token, &Values::default(), &[], StatusCode::OK)
}

fn render_form(
    l: &Lang,
    b: &Binding,
    token: &str,
    v: &Values,
    errors: &[FieldError],
    status: StatusCode,
) -> Response {
    let action = format!("/r/{token}");
    let body = form_html::form(l, &b.brand_name, &b.product_title, &action, v, errors);
    let title = l.fill("form_title", &[("product", &b.product_title)]);
    page::render(status, l.tag, l.dir(), &title, &body)
}

/// Text as stored: CRLF to LF, control characters other than newline and tab removed
/// (NUL cannot be stored in PostgreSQL text; the others only hide content).
fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_string()
}

/// Reads the multipart body: the values, the raw photos, and what was wrong.
async fn read(mut mp: Multipart) -> Result<(Values, Vec<Vec<u8>>, Vec<FieldError>), String> {
    let mut v = Values::default();
    let mut photos: Vec<Vec<u8>> = vec![];
    let mut errors: Vec<FieldError> = vec![];
    let mut photo_error = false;
    while let Some(mut field) = mp.next_field().await.map_err(|e| e.to_string())? {
        let name = field.name().unwrap_or("").to_string();
        if name == "photo" {
            // Stream it, stopping at the limit, so an oversize file is never held whole.
            let mut buf: Vec<u8> = vec![];
            while let Some(chunk) = field.chunk().await.map_err(|e| e.to_string())? {
                if buf.len() + chunk.len() > photos::MAX_BYTES {
                    photo_error = true;
                    buf.clear();
                    while field.chunk().await.map_err(|e| e.to_string())?.is_some() {}
                    break;
                }
                buf.extend_from_slice(&chunk);
            }
            // A file input left empty sends one empty part.
            if !buf.is_empty() {
                photos.push(buf);
            }
            continue;
        }
        let text = field.text().await.map_err(|e| e.to_string())?;
        match name.as_str() {
            "rating" => {
                v.rating = text
                    .trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|r| (1..=5).contains(r))
            }
            "title" => v.title = clean_text(&text),
            "body" => v.body = clean_text(&text),
            "name" => v.name = clean_text(&text),
            "incentive" => {
                v.incentive = match text.trim() {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                }
            }
            _ => {}
        }
    }
    if v.rating.is_none() {
        errors.push(("rating", "err_rating"));
    }
    if v.title.chars().count() > MAX_TITLE {
        errors.push(("title", "err_too_long"));
    }
    if v.body.is_empty() {
        errors.push(("body", "err_body"));
    } else if v.body.chars().count() > MAX_BODY {
        errors.push(("body", "err_too_long"));
    }
    if v.name.is_empty() {
        errors.push(("name", "err_name"));
    } else if v.name.chars().count() > MAX_NAME {
        errors.push(("name", "err_too_long"));
    }
    if v.incentive.is_none() {
        errors.push(("incentive", "err_incentive"));
    }
    if photo_error || photos.len() > photos::MAX_PHOTOS {
        errors.push(("photo", "err_photo"));
    }
    Ok((v, photos, errors))
}

async fn submit(
    State(state): State<AppState>,
    ip: ClientIp,
    Path(token): Path<String>,
    mp: Multipart,
) -> Response {
    let b = match open(&state, ip, &token).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let l = lang::pick(b.locale.as_deref());
    let (v, raw, mut errors) = match read(mp).await {
        Ok(x) => x,
        Err(e) => {
            tracing::info!(error = %e, "unreadable review submission");
            let errs = [("rating", "err_rating")];
            return render_form(
                l,
                &b,
                &token,
                &Values::default(),
                &errs,
                StatusCode::BAD_REQUEST,
            );
        }
    };
    let mut cleaned: Vec<Clean> = vec![];
    if errors.iter().all(|(f, _)| *f != "photo") {
        let result = photos::clean_all(raw).await;
        match result {
            Ok(Ok(c)) => cleaned = c,
            Ok(Err(e)) => {
                tracing::info!(error = %e, "photo refused");
                errors.push(("photo", "err_photo"));
            }
            Err(e) => return internal(e.into()),
        }
    }
    if !errors.is_empty() {
        return render_form(l, &b, &token, &v, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match store(&state, &b, l, &v, &cleaned).await {
        Ok(true) => {
            if let Err(e) = state.changed(&b.brand_id).await {
                tracing::warn!(error = %format!("{e:#}"), "could not wake the publisher");
            }
            page::message(
                StatusCode::OK,
                l.tag,
                l.dir(),
                l.get("thanks_title"),
                l.get("thanks_body"),
            )
        }
        Ok(false) => crate::retract::used_page(&state, &token).await,
        Err(e) => internal(e),
    }
}

/// Stores the review, its photos and the publish decision in one transaction;
/// false if the token was used meanwhile (then nothing is stored).
async fn store(
    state: &AppState,
    b: &Binding,
    l: &Lang,
    v: &Values,
    photos_in: &[Clean],
) -> anyhow::Result<bool> {
    let t = now();
    let mut tx = state.db.pool.begin().await?;
    if !tokens::consume(&mut tx, b, t).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    let id = crate::keys::random_id();
    sqlx::query(
        "INSERT INTO reviews (id, brand_id, order_id, product_id, invitation_id, rating, title, body, author, \
         language, market, incentivized, submitted_at, status, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'published', $13)",
    )
    .bind(&id)
    .bind(&b.brand_id)
    .bind(&b.order_id)
    .bind(&b.product_id)
    .bind(&b.invitation_id)
    .bind(v.rating.unwrap_or(0) as i64)
    .bind((!v.title.is_empty()).then(|| v.title.clone()))
    .bind(&v.body)
    .bind(&v.name)
    .bind(l.tag)
    .bind(b.market.clone())
    .bind(v.incentive.unwrap_or(false) as i64)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    for (i, p) in photos_in.iter().enumerate() {
        photos::store(&state.config.data_dir, p)?;
        sqlx::query(
            "INSERT INTO review_photos (review_id, brand_id, position, sha256, file, content_type, alt) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(&b.brand_id)
        .bind(i as i64)
        .bind(&p.sha256)
        .bind(p.file_name())
        .bind(p.content_type)
        .bind(format!("{} ({})", b.product_title, i + 1))
        .execute(&mut *tx)
        .await?;
    }
    // Published by the uniform policy: the decision is logged like every other.
    crate::moderation::log(
        &mut tx,
        &b.brand_id,
        &id,
        crate::moderation::Action::Publish,
        None,
        "policy",
        t,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
