//! The merchant's view: a small server-rendered admin page. The operator's token
//! (`TRUST_COLLECTOR_ADMIN_TOKEN`) sees every brand; a brand's own token
//! (`trust-collector brand admin-token`) sees that brand only. Orders, invitations
//! and their sends, reviews, the moderation log with reasons, replies.
//!
//! Every change is a POST checked by `guard`: a current session whose scope includes
//! the brand, the form's CSRF token (an HMAC of the session cookie, compared in
//! constant time), and, when the browser sends one, an `Origin` that is ours.
//! Sessions and tokens: admin_session.rs.

use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::admin_html;
use crate::admin_session::{self as sess, Session, COOKIE, SESSION_SECS};
use crate::db::now;
use crate::html::escape as e;
use crate::moderation::{self, Reason};
use crate::page;
use crate::ratelimit::ClientIp;
use crate::serve::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/login", post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/brands/{id}", get(brand))
        .route("/admin/brands/{id}/reviews/{rid}/remove", post(remove))
        .route(
            "/admin/brands/{id}/reviews/{rid}/restore",
            post(|s, h, p, f| plain(s, h, p, f, Plain::Restore)),
        )
        .route("/admin/brands/{id}/reviews/{rid}/reply", post(reply))
        .route(
            "/admin/brands/{id}/reviews/{rid}/reply/remove",
            post(|s, h, p, f| plain(s, h, p, f, Plain::RemoveReply)),
        )
}

fn forbidden() -> Response {
    page::message_admin(
        StatusCode::FORBIDDEN,
        "Forbidden",
        "This change was refused: the form was not sent from this admin page (CSRF check), \
         or this login may not change this brand. Nothing changed.",
    )
}

fn not_found() -> Response {
    page::message_admin(StatusCode::NOT_FOUND, "Not found", "No such brand.")
}

fn internal(err: anyhow::Error) -> Response {
    tracing::error!(error = %format!("{err:#}"), "admin page failed");
    page::message_admin(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Error",
        "The admin page failed; see the collector's log.",
    )
}

/// Who made a change, for the moderation log: the operator, or the brand's own login.
fn actor(s: &Session) -> String {
    match &s.scope {
        sess::Scope::All => "admin".into(),
        sess::Scope::Brand(b) => format!("brand:{b}"),
    }
}

/// Session, scope, CSRF token and origin of a change to `brand_id`.
async fn guard(
    state: &AppState,
    headers: &HeaderMap,
    brand_id: Option<&str>,
    csrf: &str,
) -> Result<Session, Response> {
    let Some(s) = sess::current(state, headers).await else {
        return Err(Redirect::to("/admin").into_response());
    };
    let in_scope = brand_id.is_none_or(|b| s.scope.allows(b));
    if !sess::csrf_ok(state, &s, csrf) || !sess::same_origin(state, headers) || !in_scope {
        return Err(forbidden());
    }
    Ok(s)
}

async fn home(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(s) = sess::current(&state, &headers).await else {
        return page::render_admin(
            StatusCode::OK,
            "Collector admin: log in",
            &admin_html::login(None),
        );
    };
    match admin_html::dashboard(&state, &s.scope, &sess::csrf_token(&state, &s)).await {
        Ok(body) => page::render_admin(StatusCode::OK, "Collector admin", &body),
        Err(err) => internal(err),
    }
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
    if !state.limits.login_per_ip.allow(&ip.key(), now()) {
        return page::message_admin(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many attempts",
            "Too many login attempts. Try again later.",
        );
    }
    if !sess::same_origin(&state, &headers) {
        return forbidden();
    }
    let scope = match sess::login_scope(&state, &f.token).await {
        Ok(s) => s,
        Err(err) => return internal(err),
    };
    let Some(value) = (match scope {
        Some(scope) => sess::start(&state, &scope).await,
        None => None,
    }) else {
        let body = admin_html::login(Some("That token is not valid."));
        return page::render_admin(StatusCode::UNAUTHORIZED, "Collector admin: log in", &body);
    };
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
    if let Err(r) = guard(&state, &headers, None, &f.csrf).await {
        return r;
    }
    let mut r = Redirect::to("/admin").into_response();
    let gone =
        HeaderValue::from_static("tc_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
    r.headers_mut().insert(header::SET_COOKIE, gone);
    r
}

async fn brand(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let Some(s) = sess::current(&state, &headers).await else {
        return Redirect::to("/admin").into_response();
    };
    if !s.scope.allows(&id) {
        // The same answer as for a brand that does not exist: no probing of ids.
        return not_found();
    }
    match admin_html::brand(&state, &id, &sess::csrf_token(&state, &s)).await {
        Ok(Some(body)) => {
            page::render_admin(StatusCode::OK, &format!("Collector admin: {id}"), &body)
        }
        Ok(None) => not_found(),
        Err(err) => internal(err),
    }
}

fn back(id: &str) -> Response {
    Redirect::to(&format!("/admin/brands/{}", urlencode(id))).into_response()
}

/// Path-segment encoding for ids in redirects and links (ids are the brand's own text).
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

/// The outcome of a moderation call as a page.
fn outcome(id: &str, r: anyhow::Result<bool>) -> Response {
    match r {
        Ok(true) => back(id),
        Ok(false) => not_found_change(),
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

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
    Form(f): Form<RemoveForm>,
) -> Response {
    let s = match guard(&state, &headers, Some(&id), &f.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(reason) = Reason::parse(&f.reason) else {
        let codes = Reason::ALL.map(|r| r.code()).join(", ");
        let text = format!("Choose one of the fixed reasons ({codes}). Nothing changed.");
        return page::message_admin(StatusCode::UNPROCESSABLE_ENTITY, "Reason required", &text);
    };
    outcome(
        &id,
        moderation::remove(&state, &id, &rid, reason, &actor(&s)).await,
    )
}

/// The changes that need nothing but the CSRF field.
#[derive(Clone, Copy)]
enum Plain {
    Restore,
    RemoveReply,
}

async fn plain(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((id, rid)): Path<(String, String)>,
    Form(f): Form<CsrfForm>,
    what: Plain,
) -> Response {
    let s = match guard(&state, &headers, Some(&id), &f.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let actor = actor(&s);
    let done = match what {
        Plain::Restore => moderation::restore(&state, &id, &rid, &actor).await,
        Plain::RemoveReply => moderation::remove_reply(&state, &id, &rid, &actor).await,
    };
    outcome(&id, done)
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
    let s = match guard(&state, &headers, Some(&id), &f.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    // Textareas send CRLF; controls other than the line break are dropped, so what
    // is stored is what is signed and shown.
    let body: String = f
        .body
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    if body.trim().is_empty() || body.trim().chars().count() > moderation::MAX_REPLY_CHARS {
        return page::message_admin(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Reply not saved",
            "A reply has 1 to 5000 characters. Nothing changed.",
        );
    }
    outcome(
        &id,
        moderation::reply(&state, &id, &rid, &body, &actor(&s)).await,
    )
}

/// For admin_html: a hidden CSRF field.
pub fn csrf_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        e(token)
    )
}
