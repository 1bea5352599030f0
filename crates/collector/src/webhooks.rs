//! Orders from platforms, over HTTP:
//! - `POST /webhooks/shopify`: exactly as Shopify sends it (`X-Shopify-Topic`,
//!   `X-Shopify-Shop-Domain`, `X-Shopify-Webhook-Id`, `X-Shopify-Hmac-Sha256` = base64
//!   HMAC-SHA256 of the raw body with the brand's webhook secret);
//! - `POST /webhooks/generic`: the same for any other platform (README "Generic order
//!   webhook"): `X-Trust-Brand`, `X-Trust-Event-Id`, `X-Trust-Signature: sha256=<hex>`.
//!
//! Order of checks, so that nothing unauthenticated is stored or even parsed: brand
//! known → signature (constant time) → topic → body → delivery id not seen before
//! (recorded in the same transaction as the order, so a crash cannot record one
//! without the other).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::brands::{self, Brand};
use crate::error::ApiError;
use crate::orders::{upsert, Order};
use crate::serve::AppState;
use crate::shopify;

/// Largest webhook body accepted (Shopify's order payloads are a few tens of KB).
pub const MAX_WEBHOOK_BYTES: usize = 2 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks/shopify", post(shopify_webhook))
        .route("/webhooks/generic", post(generic_webhook))
        .layer(DefaultBodyLimit::max(MAX_WEBHOOK_BYTES))
}

type Answer = Result<(StatusCode, Json<Value>), ApiError>;

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// The body, or the extractor's refusal (too large, unreadable) as a JSON error.
fn body(b: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    b.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "too-large"
        } else {
            "bad-body"
        };
        ApiError::new(
            status,
            code,
            format!("{e} (limit {MAX_WEBHOOK_BYTES} bytes)"),
        )
    })
}

/// HMAC-SHA256 of `body` under `secret`, compared with `tag` in constant time.
pub fn hmac_ok(secret: &str, body: &[u8], tag: &[u8]) -> bool {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(tag).is_ok()
}

/// The tag a sender computes (tests and the README example use it).
pub fn hmac_tag(secret: &str, body: &[u8]) -> Vec<u8> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

async fn shopify_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(raw)?;
    let shop = header(&headers, "x-shopify-shop-domain").ok_or_else(|| {
        ApiError::unauthorized("unknown-shop", "X-Shopify-Shop-Domain is missing")
    })?;
    let brand = brands::by_shop(&state.db, shop).await?.ok_or_else(|| {
        ApiError::unauthorized("unknown-shop", "no brand is registered for this shop")
    })?;
    let tag = header(&headers, "x-shopify-hmac-sha256")
        .and_then(|t| base64::engine::general_purpose::STANDARD.decode(t).ok())
        .ok_or_else(|| {
            ApiError::unauthorized(
                "bad-signature",
                "X-Shopify-Hmac-Sha256 is missing or not base64",
            )
        })?;
    if !hmac_ok(&brand.webhook_secret, &raw, &tag) {
        tracing::warn!(brand = %brand.id, "shopify webhook with a bad signature refused");
        return Err(ApiError::unauthorized(
            "bad-signature",
            "X-Shopify-Hmac-Sha256 does not match the body",
        ));
    }
    let topic = header(&headers, "x-shopify-topic")
        .unwrap_or_default()
        .to_string();
    if !shopify::TOPICS.contains(&topic.as_str()) {
        // Authenticated but not ours to act on: 200 so Shopify does not retry.
        return Ok((
            StatusCode::OK,
            Json(json!({ "status": "ignored", "topic": topic })),
        ));
    }
    let event_id = required(&headers, "x-shopify-webhook-id")?;
    let payload: Value = serde_json::from_slice(&raw)
        .map_err(|e| ApiError::bad_request("bad-json", format!("the body is not JSON: {e}")))?;
    let order = shopify::order_from(&topic, &payload, crate::db::now())
        .and_then(Order::validated)
        .map_err(|e| ApiError::bad_request("bad-order", e.0))?;
    store(&state, &brand, "shopify", &event_id, &topic, &order).await
}

async fn generic_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    raw: Result<Bytes, BytesRejection>,
) -> Answer {
    let raw = body(raw)?;
    let id = header(&headers, "x-trust-brand")
        .ok_or_else(|| ApiError::unauthorized("unknown-brand", "X-Trust-Brand is missing"))?;
    let brand = brands::by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::unauthorized("unknown-brand", "no such brand"))?;
    let tag = header(&headers, "x-trust-signature")
        .and_then(|t| t.strip_prefix("sha256="))
        .and_then(from_hex)
        .ok_or_else(|| {
            ApiError::unauthorized("bad-signature", "X-Trust-Signature must be sha256=<hex>")
        })?;
    if !hmac_ok(&brand.webhook_secret, &raw, &tag) {
        tracing::warn!(brand = %brand.id, "generic webhook with a bad signature refused");
        return Err(ApiError::unauthorized(
            "bad-signature",
            "X-Trust-Signature does not match the body",
        ));
    }
    let event_id = required(&headers, "x-trust-event-id")?;
    let order: crate::generic::GenericOrder = serde_json::from_slice(&raw)
        .map_err(|e| ApiError::bad_request("bad-order", format!("{e}")))?;
    let order = order
        .into_order(crate::db::now())
        .and_then(Order::validated)
        .map_err(|e| ApiError::bad_request("bad-order", e.0))?;
    store(&state, &brand, "generic", &event_id, "order", &order).await
}

fn required(h: &HeaderMap, name: &str) -> Result<String, ApiError> {
    let v = header(h, name).unwrap_or_default();
    if v.is_empty() || v.len() > 200 {
        return Err(ApiError::bad_request(
            "missing-event-id",
            format!("{name} is missing or longer than 200 bytes"),
        ));
    }
    Ok(v.to_string())
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// Records the delivery and stores the order in one transaction; a delivery id
/// seen before changes nothing.
async fn store(
    state: &AppState,
    brand: &Brand,
    source: &str,
    event_id: &str,
    topic: &str,
    order: &Order,
) -> Answer {
    let _writer = state.db.writer().await;
    let mut tx = state.db.pool.begin().await?;
    let fresh = sqlx::query(
        "INSERT INTO webhook_events (brand_id, source, event_id, topic, received_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (brand_id, source, event_id) DO NOTHING",
    )
    .bind(&brand.id)
    .bind(source)
    .bind(event_id)
    .bind(topic)
    .bind(crate::db::now())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !fresh {
        tx.rollback().await?;
        return Ok((StatusCode::OK, Json(json!({ "status": "duplicate" }))));
    }
    upsert(&mut tx, &brand.id, source, order, state.config.invite_after).await?;
    tx.commit().await?;
    tracing::info!(brand = %brand.id, source, topic, items = order.items.len(),
        fulfilled = order.fulfilled_at.is_some(), "order stored");
    Ok((StatusCode::OK, Json(json!({ "status": "stored" }))))
}
