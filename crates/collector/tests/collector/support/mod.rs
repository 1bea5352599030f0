//! Shared by the collector's integration tests: a collector on SQLite or on a real
//! PostgreSQL (pg.rs), requests through the real router, signed webhooks.
#![allow(dead_code)]

pub mod pg;
pub mod signed;

use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use base64::Engine;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;
use trust_collector::brands::{self, Brand, NewBrand};
use trust_collector::{AppState, Config};

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs an async test body once on SQLite and once on PostgreSQL:
/// `both!(name, |app| async move { … })` makes `name_sqlite` and `name_postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::TestApp::new($crate::support::Db::Sqlite).await;
                ($body)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::support::TestApp::new($crate::support::Db::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

/// A collector with its own data directory and database.
pub struct TestApp {
    pub state: AppState,
    pub dir: tempfile::TempDir,
    pub db: Db,
    /// Keeps `state.shutdown` open.
    pub stop: tokio::sync::watch::Sender<bool>,
}

/// A SQLite database file in `dir`, created on first use.
pub fn sqlite_url(dir: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("c.sqlite").display())
}

/// A test brand's fixed root (any valid key: these tests check binding, not keys).
pub fn root_of(seed: u8) -> String {
    trust_manifest::SecretKey::from_seed(&[seed; 32])
        .public()
        .to_string()
}

impl TestApp {
    pub async fn new(db: Db) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = match db {
            Db::Sqlite => trust_collector::config::sqlite_url(&dir.path().join("c.sqlite")),
            Db::Postgres => pg::fresh_database().await,
        };
        let d = dir.path().to_path_buf();
        let config = Config::load_with(None, |k| match k {
            "TRUST_COLLECTOR_DATA_DIR" => Some(d.display().to_string()),
            "TRUST_COLLECTOR_DATABASE_URL" => Some(url.clone()),
            "TRUST_COLLECTOR_INVITE_AFTER" => Some("0s".into()),
            "TRUST_COLLECTOR_PUBLIC_URL" => Some("https://collector.test.example".into()),
            _ => None,
        })
        .unwrap();
        let (stop, rx) = tokio::sync::watch::channel(false);
        let state = AppState::open(config, rx).await.unwrap();
        TestApp {
            state,
            dir,
            db,
            stop,
        }
    }

    /// Registers a brand with a known secret.
    pub async fn brand(&self, id: &str, shop: &str, root_seed: u8) -> Brand {
        brands::add(
            &self.state.db,
            NewBrand {
                id: id.into(),
                name: format!("Brand {id}"),
                root: root_of(root_seed),
                shop_domain: shop.into(),
                webhook_secret: Some(format!("secret-of-{id}-0123456789")),
            },
        )
        .await
        .unwrap()
    }

    /// One request through the full router.
    pub async fn send(&self, req: Request<Body>) -> Response<Body> {
        trust_collector::serve::router(self.state.clone())
            .oneshot(req)
            .await
            .unwrap()
    }

    /// Status and JSON body of a request.
    pub async fn call(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = self.send(req).await;
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let v = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, v)
    }

    pub async fn get(&self, path: &str) -> Response<Body> {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A table's row count for a brand.
    pub async fn count(&self, table: &str, brand: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE brand_id = $1"
        ))
        .bind(brand)
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
    }
}

/// A Shopify webhook as Shopify sends it, signed with `secret`.
pub fn shopify(topic: &str, shop: &str, id: &str, secret: &str, body: &Value) -> Request<Body> {
    let raw = serde_json::to_vec(body).unwrap();
    let tag = base64::engine::general_purpose::STANDARD
        .encode(trust_collector::webhooks::hmac_tag(secret, &raw));
    Request::post("/webhooks/shopify")
        .header("content-type", "application/json")
        .header("x-shopify-topic", topic)
        .header("x-shopify-shop-domain", shop)
        .header("x-shopify-webhook-id", id)
        .header("x-shopify-hmac-sha256", tag)
        .header("x-shopify-api-version", "2025-10")
        .body(Body::from(raw))
        .unwrap()
}

/// A generic-endpoint webhook signed with `secret`.
pub fn generic(brand: &str, id: &str, secret: &str, body: &Value) -> Request<Body> {
    let raw = serde_json::to_vec(body).unwrap();
    let tag: String = trust_collector::webhooks::hmac_tag(secret, &raw)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Request::post("/webhooks/generic")
        .header("content-type", "application/json")
        .header("x-trust-brand", brand)
        .header("x-trust-event-id", id)
        .header("x-trust-signature", format!("sha256={tag}"))
        .body(Body::from(raw))
        .unwrap()
}

/// The secret `TestApp::brand` gives brand `id`.
pub fn secret(id: &str) -> String {
    format!("secret-of-{id}-0123456789")
}

/// A fulfilled Shopify order (trimmed from Shopify's documented example payload).
pub fn order(id: u64, email: &str, product: u64) -> Value {
    serde_json::json!({
        "id": id,
        "admin_graphql_api_id": format!("gid://shopify/Order/{id}"),
        "email": email,
        "created_at": "2026-11-01T10:00:00-05:00",
        "updated_at": "2026-11-03T10:00:00-05:00",
        "customer_locale": "de",
        "currency": "EUR",
        "total_price": "199.00",
        "fulfillment_status": "fulfilled",
        "customer": { "id": 115310627314723954u64, "email": email, "first_name": "Jon" },
        "shipping_address": { "first_name": "Jon", "address1": "Chestnut Street 92",
                              "city": "Berlin", "country_code": "DE", "zip": "10115" },
        "line_items": [
            { "id": 866550311766439020u64, "product_id": product, "variant_id": 808950810,
              "sku": "TENT-2P", "title": "Trail tent 2P", "quantity": 1, "price": "199.00" }
        ],
        "fulfillments": [ { "id": 255858046, "order_id": id, "status": "success",
                            "created_at": "2026-11-03T09:00:00-05:00" } ]
    })
}
