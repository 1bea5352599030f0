//! The merchant's view: a small server-rendered admin page behind the operator's
//! token (`TRUST_COLLECTOR_ADMIN_TOKEN`; none disables it). Orders, invitations and
//! their sends, reviews, the moderation log with reasons, replies.
//!
//! Session: an HttpOnly, SameSite=Strict cookie `{expiry}.{HMAC}` under a secret
//! derived from the admin token and the collector key (changing either ends every
//! session). CSRF: every change is a POST carrying a token that is an HMAC of the
//! session cookie, compared in constant time, and a present `Origin` must be ours.

use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::admin_html;
use crate::db::now;
use crate::html::escape as e;
use crate::moderation::{self, Reason};
use crate::page;
use crate::ratelimit::ClientIp;
use crate::serve::AppState;

const COOKIE: &str = "tc_admin";
const SESSION_SECS: i64 = 8 * 3600;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/login", post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/brands/{id}", get(brand))
        .route("/admin/brands/{id}/reviews/{rid}/remove", post(remove))
        .route("/admin/brands/{id}/reviews/{rid}/restore", post(restore))
        .route("/admin/brands/{id}/reviews/{rid}/reply", post(reply))
}

fn secret(state: &AppState) -> Option<[u8; 32]> {
    let token = state.config.admin_token.as_deref()?;
    let mut h = Sha256::new();
    h.update(b"trust-collector admin v1\0");
    h.update(token.as_bytes());
    h.update(b"\0");
    h.update(state.key.to_text().as_bytes());
    Some(h.finalize().into())
}

fn mac(secret: &[u8; 32], msg: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    m.update(msg.as_bytes());
    crate::tokens::hex(&m.finalize().into_bytes())
}

fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == COOKIE).then(|| v.to_string())
        })
}

/// The session cookie if it is ours and current.
fn session(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let s = secret(state)?;
    let v = cookie_value(headers)?;
    let (exp, tag) = v.split_once('.')?;
    let exp: i64 = exp.parse().ok()?;
    let ok: bool = mac(&s, &format!("session:{exp}"))
        .as_bytes()
        .ct_eq(tag.as_bytes())
        .into();
    (ok && exp > now()).then_some(v)
}

fn csrf_token(state: &AppState, session: &str) -> String {
    secret(state)
        .map(|s| mac(&s, &format!("csrf:{session}")))
        .unwrap_or_default()
}

/// A present Origin header must be the collector's own (browsers send it on POST).
fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(o) => {
            let ours = &state.config.public_url;
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            ours.starts_with(o) && (ours.len() == o.len() || ours[o.len()..].starts_with('/'))
                || o == format!("http://{host}")
                || o == format!("https://{host}")
        }
    }
}

/// Checks session, CSRF token and origin of a change; the session on success.
fn guard(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<String, Response> {
    let Some(s) = session(state, headers) else {
        return Err(Redirect::to("/admin").into_response());
    };
    let want = csrf_token(state, &s);
    let ok: bool = want.as_bytes().ct_eq(csrf.as_bytes()).into();
    if !ok || !same_origin(state, headers) {
        return Err(forbidden());
    }
    Ok(s)
}

fn forbidden() -> Response {
    page::message_admin(StatusCode::FORBIDDEN, "Forbidden", "This change was refused: the form was not sent from this admin page (CSRF check). Nothing changed.")
}

fn disabled() -> Response {
    page::message_admin(
        StatusCode::NOT_FOUND,
        "Admin disabled",
        "Set TRUST_COLLECTOR_ADMIN_TOKEN to enable the merchant view.",
    )
}

async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if secret(&state).is_none() {
        return disabled();
    }
    let Some(s) = session(&state, &headers) else {
        return page::render_admin(
            StatusCode::OK,
            "Collector admin: log in",
            &admin_html::login(None),
        );
    };
    match admin_html::dashboard(&state, &csrf_token(&state, &s)).await {
        Ok(body) => page::render_admin(StatusCode::OK, "Collector admin", &body),
        Err(err) => internal(err),
    }
}

fn internal(err: anyhow::Error) -> Response {
    tracing::error!(error = %format!("{err:#}"), "admin page failed");
    page::message_admin(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Error",
        "The admin page failed; see the collector's log.",
    )
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    token: String,
}

async fn login(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let (Some(s), Some(want)) = (secret(&state), state.config.admin_token.as_deref()) else {
        return disabled();
    };
    if !state.limits.login_per_ip.allow(&ip.key(), now()) {
        return page::message_admin(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many attempts",
            "Too many login attempts. Try again later.",
        );
    }
    if !same_origin(&state, &headers) {
        return forbidden();
    }
    // Compare hashes: constant time regardless of the lengths.
    let ok: bool = Sha256::digest(f.token.as_bytes())
        .ct_eq(&Sha256::digest(want.as_bytes()))
        .into();
    if !ok {
        let body = admin_html::login(Some("That token is not valid."));
        return page::render_admin(StatusCode::UNAUTHORIZED, "Collector admin: log in", &body);
    }
    let exp = now() + SESSION_SECS;
    let value = format!("{exp}.{}", mac(&s, &format!("session:{exp}")));
    let secure = if state.config.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={SESSION_SECS}{secure}"
    );
    let mut r = Redirect::to("/admin").into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = guard(&state, &headers, &f.csrf) {
        return r;
    }
    let mut r = Redirect::to("/admin").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("tc_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    r
}

async fn brand(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if secret(&state).is_none() {
        return disabled();
    }
    let Some(s) = session(&state, &headers) else {
        return Redirect::to("/admin").into_response();
    };
    match admin_html::brand(&state, &id, &csrf_token(&state, &s)).await {
        Ok(Some(body)) => {
            page::render_admin(StatusCode::OK, &format!("Collector admin: {id}"), &body)
        }
        Ok(None) => page::message_admin(StatusCode::NOT_FOUND, "Not found", "No such brand."),
        Err(err) => internal(err),
    }
}

#[derive(Deserialize)]
struct RemoveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

fn back(id: &str) -> Response {
    Redirect::to(&format!("/admin/brands/{}", urlencode(id))).into_response()
}

/// Path-segment encoding for ids in redirects (ids are the brand's own text).
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn not_found_change() -> Response {
    page::message_admin(
        StatusCode::NOT_FOUND,
        "Not found",
        "No such review for this brand, or it is already in that state. Nothing changed.",
    )
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
    Form(f): Form<RemoveForm>,
) -> Response {
    if let Err(r) = guard(&state, &headers, &f.csrf) {
        return r;
    }
    let Some(reason) = Reason::parse(&f.reason) else {
        let text = format!(
            "Choose one of the fixed reasons ({}). Nothing changed.",
            Reason::ALL.map(|r| r.code()).join(", ")
        );
        return page::message_admin(StatusCode::UNPROCESSABLE_ENTITY, "Reason required", &text);
    };
    match moderation::remove(&state, &id, &rid, reason, "admin").await {
        Ok(true) => back(&id),
        Ok(false) => not_found_change(),
        Err(err) => internal(err),
    }
}

async fn restore(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Err(r) = guard(&state, &headers, &f.csrf) {
        return r;
    }
    match moderation::restore(&state, &id, &rid, "admin").await {
        Ok(true) => back(&id),
        Ok(false) => not_found_change(),
        Err(err) => internal(err),
    }
}

#[derive(Deserialize)]
struct ReplyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

async fn reply(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
    Form(f): Form<ReplyForm>,
) -> Response {
    if let Err(r) = guard(&state, &headers, &f.csrf) {
        return r;
    }
    let body: String = f
        .body
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if body.trim().is_empty() || body.chars().count() > 5000 {
        return page::message_admin(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Reply not saved",
            "A reply has 1 to 5000 characters. Nothing changed.",
        );
    }
    match moderation::reply(&state, &id, &rid, &body).await {
        Ok(true) => back(&id),
        Ok(false) => not_found_change(),
        Err(err) => internal(err),
    }
}

/// For admin_html: a hidden CSRF field.
pub fn csrf_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        e(token)
    )
}
