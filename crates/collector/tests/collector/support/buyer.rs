//! The buyer-flow tests' harness: a collector (AppState + router) on a temporary
//! data directory and SQLite (or a PostgreSQL URL), brands and fulfilled orders
//! stored through the core's own functions, the outbox driven pass by pass, and
//! emails read back from the real SMTP server in `smtp.rs`.
#![allow(dead_code)]

use std::collections::HashMap;

use axum::body::Body;
use axum::http::{Request, Response};
use base64::Engine as _;
use http_body_util::BodyExt;
use tokio::sync::watch;
use tower::ServiceExt;
use trust_collector::brands::{self, NewBrand};
use trust_collector::config::Config;
use trust_collector::db::now;
use trust_collector::mail::Session;
use trust_collector::orders::{self, Item, Order};
use trust_collector::serve::{self, AppState};
use trust_collector::{invite, outbox};

pub const ADMIN_TOKEN: &str = "admin-token-for-tests-0123456789";

pub struct Env {
    pub state: AppState,
    pub app: axum::Router,
    pub dir: tempfile::TempDir,
    pub smtp_url: Option<String>,
    _stop: watch::Sender<bool>,
}

/// A collector with `vars` on top of test defaults (0 s delay, no reminder, admin on).
pub async fn env(db_url: Option<&str>, smtp_url: Option<&str>, vars: &[(&str, &str)]) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let mut m: HashMap<String, String> = HashMap::new();
    m.insert(
        "TRUST_COLLECTOR_DATA_DIR".into(),
        dir.path().display().to_string(),
    );
    m.insert("TRUST_COLLECTOR_INVITE_AFTER".into(), "0s".into());
    m.insert("TRUST_COLLECTOR_REMIND_AFTER".into(), "off".into());
    m.insert(
        "TRUST_COLLECTOR_PUBLIC_URL".into(),
        "http://collector.test".into(),
    );
    m.insert("TRUST_COLLECTOR_ADMIN_TOKEN".into(), ADMIN_TOKEN.into());
    m.insert(
        "TRUST_COLLECTOR_SMTP_FROM".into(),
        "reviews@collector.test".into(),
    );
    if let Some(u) = smtp_url {
        m.insert("TRUST_COLLECTOR_SMTP_URL".into(), u.into());
    }
    if let Some(u) = db_url {
        m.insert("TRUST_COLLECTOR_DATABASE_URL".into(), u.into());
    }
    for (k, v) in vars {
        m.insert((*k).into(), (*v).into());
    }
    let config = Config::load_with(None, |k| m.get(k).cloned()).unwrap();
    let (tx, rx) = watch::channel(false);
    let state = AppState::open(config, rx).await.unwrap();
    let app = serve::router(state.clone());
    Env {
        state,
        app,
        dir,
        smtp_url: smtp_url.map(str::to_string),
        _stop: tx,
    }
}

impl Env {
    pub async fn brand(&self, id: &str, shop: &str) -> brands::Brand {
        let root = trust_manifest::SecretKey::from_seed(&[id.len() as u8; 32])
            .public()
            .to_string();
        brands::add(
            &self.state.db,
            NewBrand {
                id: id.into(),
                name: format!("{id} brand"),
                root,
                shop_domain: shop.into(),
                webhook_secret: Some(format!("whsec-for-tests-{id}")),
            },
        )
        .await
        .unwrap()
    }

    /// A fulfilled order of `products` (id, title), stored as the webhooks store it,
    /// and its invitations scheduled.
    pub async fn order(
        &self,
        brand: &str,
        id: &str,
        email: &str,
        locale: &str,
        country: &str,
        products: &[(&str, &str)],
    ) {
        let o = Order {
            order_id: id.into(),
            email: Some(email.into()),
            locale: Some(locale.into()),
            country: Some(country.into()),
            created_at: now(),
            fulfilled_at: Some(now()),
            items: products
                .iter()
                .map(|(p, t)| Item {
                    product_id: (*p).into(),
                    sku: None,
                    title: Some((*t).into()),
                })
                .collect(),
        };
        let mut tx = self.state.db.pool.begin().await.unwrap();
        orders::upsert(&mut tx, brand, "test", &o, self.state.config.invite_after)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        invite::sweep(&self.state, now()).await.unwrap();
    }

    /// Runs the outbox until nothing is due; returns how many rows it handled.
    pub async fn send_due(&self) -> usize {
        let target = outbox::smtp_target(&self.state, self.smtp_url.as_deref().unwrap()).unwrap();
        let mut session: Option<Session> = None;
        let mut total = 0;
        loop {
            let n = outbox::pass(&self.state, &target, &mut session, "test-holder")
                .await
                .unwrap();
            if n == 0 {
                break;
            }
            total += n;
        }
        if let Some(s) = session {
            s.quit().await;
        }
        total
    }

    pub async fn call(&self, req: Request<Body>) -> (u16, String, axum::http::HeaderMap) {
        let r: Response<Body> = self.app.clone().oneshot(req).await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned(), headers)
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let (s, b, _) = self
            .call(Request::get(path).body(Body::empty()).unwrap())
            .await;
        (s, b)
    }

    pub async fn post_review(&self, token: &str, form: &Form) -> (u16, String) {
        let (s, b, _) = self
            .call(
                Request::post(format!("/r/{token}"))
                    .header(
                        "content-type",
                        format!("multipart/form-data; boundary={BOUNDARY}"),
                    )
                    .body(Body::from(form.body()))
                    .unwrap(),
            )
            .await;
        (s, b)
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(sql)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .try_get::<i64, _>(0)
            .unwrap()
    }
}

pub const BOUNDARY: &str = "----trust-collector-test-boundary";

/// A review form submission, built as a browser sends `multipart/form-data`.
#[derive(Clone)]
pub struct Form {
    pub fields: Vec<(String, String)>,
    pub photos: Vec<(String, String, Vec<u8>)>,
}

impl Form {
    pub fn valid() -> Form {
        Form {
            fields: vec![
                ("rating".into(), "4".into()),
                ("title".into(), "Good tent".into()),
                ("body".into(), "Kept us dry for a weekend.".into()),
                ("name".into(), "Anna".into()),
                ("incentive".into(), "no".into()),
            ],
            photos: vec![],
        }
    }

    pub fn set(mut self, k: &str, v: &str) -> Form {
        self.fields.retain(|(f, _)| f != k);
        self.fields.push((k.into(), v.into()));
        self
    }

    pub fn photo(mut self, name: &str, ct: &str, bytes: Vec<u8>) -> Form {
        self.photos.push((name.into(), ct.into(), bytes));
        self
    }

    pub fn body(&self) -> Vec<u8> {
        let mut b = Vec::new();
        for (k, v) in &self.fields {
            b.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        for (name, ct, bytes) in &self.photos {
            b.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{name}\"\r\nContent-Type: {ct}\r\n\r\n").as_bytes(),
            );
            b.extend_from_slice(bytes);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        b
    }
}

/// The text of every MIME part of a message, transfer-decoded (base64, quoted-printable).
pub fn decoded_parts(data: &str) -> Vec<String> {
    let mut out = vec![];
    for part in data.split("\r\n--") {
        let Some((head, body)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let h = head.to_ascii_lowercase();
        let text = if h.contains("content-transfer-encoding: base64") {
            let clean: String = body
                .split("\r\n")
                .take_while(|l| !l.starts_with("--"))
                .collect();
            String::from_utf8_lossy(
                &base64::engine::general_purpose::STANDARD
                    .decode(clean.trim())
                    .unwrap_or_default(),
            )
            .into_owned()
        } else if h.contains("content-transfer-encoding: quoted-printable") {
            qp(body)
        } else {
            body.to_string()
        };
        out.push(text);
    }
    out
}

fn qp(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let b = s.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The review token in a received invitation's text part.
pub fn token_in(data: &str) -> String {
    for part in decoded_parts(data) {
        if let Some(i) = part.find("/r/") {
            let t: String = part[i + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if t.len() == 43 {
                return t;
            }
        }
    }
    panic!("no review link in:\n{data}");
}

/// `on_both!(name)` runs `async fn name(db: Option<String>)` twice: on SQLite
/// (`name::sqlite`, db = None) and on a fresh PostgreSQL database (`name::postgres`).
/// The test file declares `mod pg` (support/pg.rs).
#[macro_export]
macro_rules! on_both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(None).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(Some(super::pg::fresh_database().await)).await
            }
        }
    };
}
