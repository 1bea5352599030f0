//! Who is logged in to the admin view, and for which brands.
//!
//! Two kinds of token: the operator's (`TRUST_COLLECTOR_ADMIN_TOKEN`, every brand) and
//! one per brand (`trust-collector brand admin-token --brand ID`, that brand only; the
//! database keeps its SHA-256). The session cookie is `{expiry}:{scope}:{HMAC}` (scope
//! `*` or a brand id) under a key derived from the collector key, the operator token
//! and, for a brand, the brand token's hash: a new token for a brand ends its
//! sessions. The CSRF token of a form is an HMAC of the session cookie.

use axum::http::{header, HeaderMap};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sqlx::Row;
use subtle::ConstantTimeEq;

use crate::db::now;
use crate::serve::AppState;
use crate::tokens::hex;

pub const COOKIE: &str = "tc_admin";
pub const SESSION_SECS: i64 = 8 * 3600;

/// What a session may see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The operator: every brand.
    All,
    /// One brand's merchant.
    Brand(String),
}

impl Scope {
    pub fn allows(&self, brand_id: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Brand(b) => b == brand_id,
        }
    }

    fn text(&self) -> &str {
        match self {
            Scope::All => "*",
            Scope::Brand(b) => b,
        }
    }
}

/// A logged-in session: its cookie value (for the CSRF token) and its scope.
pub struct Session {
    pub cookie: String,
    pub scope: Scope,
}

fn secret(state: &AppState, scope_key: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"trust-collector admin v2\0");
    h.update(state.config.admin_token.as_deref().unwrap_or("").as_bytes());
    h.update(b"\0");
    h.update(state.key.to_text().as_bytes());
    h.update(b"\0");
    h.update(scope_key.as_bytes());
    h.finalize().into()
}

fn mac(secret: &[u8; 32], msg: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    m.update(msg.as_bytes());
    hex(&m.finalize().into_bytes())
}

/// The brand token's stored hash (the per-scope part of the session key).
async fn brand_token_hash(state: &AppState, brand: &str) -> Option<String> {
    let r = sqlx::query("SELECT token_hash FROM admin_tokens WHERE brand_id = $1")
        .bind(brand)
        .fetch_optional(&state.db.pool)
        .await
        .ok()??;
    r.try_get("token_hash").ok()
}

async fn scope_key(state: &AppState, scope: &Scope) -> Option<String> {
    match scope {
        Scope::All => state.config.admin_token.as_ref().map(|_| String::new()),
        Scope::Brand(b) => brand_token_hash(state, b).await,
    }
}

/// The scope a login token opens, if any (compared as hashes, in constant time for
/// the operator token; brand tokens are looked up by their hash).
pub async fn login_scope(state: &AppState, token: &str) -> anyhow::Result<Option<Scope>> {
    let given = Sha256::digest(token.as_bytes());
    if let Some(op) = state.config.admin_token.as_deref() {
        if bool::from(given.ct_eq(&Sha256::digest(op.as_bytes()))) {
            return Ok(Some(Scope::All));
        }
    }
    let r = sqlx::query("SELECT brand_id FROM admin_tokens WHERE token_hash = $1")
        .bind(hex(&given))
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(match r {
        Some(r) => Some(Scope::Brand(r.try_get("brand_id")?)),
        None => None,
    })
}

/// The cookie value for a new session of `scope`.
pub async fn start(state: &AppState, scope: &Scope) -> Option<String> {
    let key = scope_key(state, scope).await?;
    let exp = now() + SESSION_SECS;
    let tag = mac(
        &secret(state, &key),
        &format!("session:{exp}:{}", scope.text()),
    );
    Some(format!("{exp}:{}:{tag}", scope.text()))
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

/// The current session, if the cookie is ours, unexpired, and its token still current.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    let v = cookie_value(headers)?;
    let mut parts = v.splitn(3, ':');
    let (exp, scope, tag) = (parts.next()?, parts.next()?, parts.next()?);
    let exp: i64 = exp.parse().ok()?;
    let scope = if scope == "*" {
        Scope::All
    } else {
        Scope::Brand(scope.to_string())
    };
    let key = scope_key(state, &scope).await?;
    let want = mac(
        &secret(state, &key),
        &format!("session:{exp}:{}", scope.text()),
    );
    let ok: bool = want.as_bytes().ct_eq(tag.as_bytes()).into();
    (ok && exp > now()).then_some(Session { cookie: v, scope })
}

pub fn csrf_token(state: &AppState, session: &Session) -> String {
    mac(&secret(state, "csrf"), &format!("csrf:{}", session.cookie))
}

pub fn csrf_ok(state: &AppState, session: &Session, given: &str) -> bool {
    csrf_token(state, session)
        .as_bytes()
        .ct_eq(given.as_bytes())
        .into()
}

/// A present Origin header must be the collector's own (browsers send it on POST;
/// `null`, from a no-referrer page or a sandbox, is refused).
pub fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(o) => {
            let ours = &state.config.public_url;
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            (ours.starts_with(o) && (ours.len() == o.len() || ours[o.len()..].starts_with('/')))
                || o == format!("http://{host}")
                || o == format!("https://{host}")
        }
    }
}

/// Issues a new admin token for one brand (printed once; replaces the brand's old
/// token, which ends its sessions).
pub async fn issue_brand_token(db: &crate::Db, brand_id: &str) -> anyhow::Result<String> {
    let token =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::keys::random_bytes::<32>());
    let mut tx = db.pool.begin().await?;
    let known = sqlx::query("SELECT 1 FROM brands WHERE id = $1")
        .bind(brand_id)
        .fetch_optional(&mut *tx)
        .await?;
    anyhow::ensure!(known.is_some(), "no brand {brand_id:?}");
    sqlx::query("DELETE FROM admin_tokens WHERE brand_id = $1")
        .bind(brand_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO admin_tokens (token_hash, brand_id, created_at) VALUES ($1, $2, $3)")
        .bind(hex(&Sha256::digest(token.as_bytes())))
        .bind(brand_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(token)
}
