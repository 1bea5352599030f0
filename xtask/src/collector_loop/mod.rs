//! The review loop in the demo (issue 13 item 9): `trust-collector` runs beside the
//! demo storefront, and the storefront's server, in front of its static files:
//!
//! - `POST /loop/simulate-order` posts a Shopify `orders/fulfilled` webhook, signed
//!   with the shop's secret (HMAC-SHA256 of the raw body), to the collector: the
//!   secret stays in this process, never in a page;
//! - `/mailbox/` shows what the collector sent to the SMTP server run here
//!   (`mailbox.rs`): the invitation with its review link;
//! - `/r/…`, `/v1/…`, `/admin…` and `/webhooks/…` are passed to the collector, so
//!   review links, photos and page files are on the storefront's own origin (the
//!   collector's `PUBLIC_URL`), where the widget may show loopback photos;
//! - `/manifests/northwind-live.json` is the brand's manifest with the collector's
//!   current review pages embedded, signed again by the brand's demo key whenever
//!   the collector published something new (checked on every request).

use std::{
    fs,
    io::{self, BufReader},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, OnceLock},
};

use anyhow::{bail, Context, Result};
use serde_json::Value;

mod mailbox_page;
mod manifest;
mod order;
mod stage;
mod witness;

pub use order::{hmac_sha256, unix_now};

use crate::http;
use crate::mailbox::Mailbox;
use crate::serve::{Dynamic, Request};
use crate::site::{keygen, Page};
use crate::{cargo, exec, target_dir};

/// The brand whose reviews the demo collects.
pub const BRAND: &str = "northwind-live";
const SHOP: &str = "northwind-live.myshopify.com";
/// The tent as the brand's manifest names it (the page's product) ...
const PRODUCT: &str = "tent-ridgeline-2";
/// ... and as Shopify does: a numeric product id, and the variant's SKU, which is
/// the manifest product's `sku`. The collector maps one to the other (`brand
/// products --manifest`, matched by SKU when it publishes), so the review shows on
/// the tent's page.
const SHOPIFY_PRODUCT: u64 = 7_982_301_462_718;
const SHOPIFY_SKU: &str = "NW-TNT-RL2-OLV";
/// The admin page's login token (loopback only; printed by `cargo xtask demo`).
pub const ADMIN_TOKEN: &str = "demo-admin-token";
const LANGUAGES: &[&str] = &[
    "en", "de", "fr", "es", "it", "ja", "ko", "zh-Hans", "zh-Hant", "ar",
];

const PAGE: Page = Page {
    path: "loop/index.html",
    template: "loop.html",
    brand: BRAND,
    product: PRODUCT,
    market: "US",
    locale: "en",
    price: "$349.00",
    price_note: "Reviews collected live by trust-collector",
};

/// The running collector and what the storefront needs to talk to it.
pub struct Loop {
    child: Mutex<Option<Child>>,
    /// The demo's witness (`witness.rs`), and the log as the trust list names it.
    witness: Mutex<Option<Child>>,
    log: stage::DemoLog,
    /// Where the collector listens.
    pub addr: SocketAddr,
    /// The `trust-collector` binary and the environment that configures it, for
    /// command-line runs against the same database (tests run `publish`).
    pub bin: PathBuf,
    pub env: Vec<(String, String)>,
    mailbox: Mailbox,
    secret: String,
    trustctl: PathBuf,
    keys: PathBuf,
    work: PathBuf,
    signed: Mutex<manifest::Signed>,
}

/// The demo server's dynamic routes, answering once `slot` holds the loop (the
/// server binds before the site is staged, the collector starts after).
pub fn routes(slot: Arc<OnceLock<Arc<Loop>>>) -> Dynamic {
    Arc::new(move |req, reader, stream| slot.get()?.handle(req, reader, stream))
}

/// The demo as `cargo xtask demo` serves it: binds `addr`, stages the site for
/// that origin and starts the collector (on `database_url`, default SQLite).
pub fn serve_demo(
    addr: &str,
    database_url: Option<&str>,
) -> Result<(SocketAddr, PathBuf, Arc<Loop>)> {
    let slot = Arc::new(OnceLock::new());
    // Bind first so a busy port fails before the build, and so the manifests are
    // signed for the origin actually served.
    let bound =
        crate::serve::spawn_with(crate::site::site_dir(), addr, Some(routes(slot.clone())))?;
    let origin = format!("http://{bound}");
    let site = crate::site::stage(&origin)?;
    let running = start(&site, &origin, database_url)?;
    let _ = slot.set(running.clone());
    Ok((bound, site, running))
}

/// Builds and starts the collector for the site staged at `site`, served at
/// `origin`: SQLite in target/demo/collector (fresh each run; the collector's key
/// stays) unless `database_url` names another database.
pub fn start(site: &Path, origin: &str, database_url: Option<&str>) -> Result<Arc<Loop>> {
    exec(cargo().args(["build", "--quiet", "-p", "trust-collector"]))?;
    let bin = target_dir().join("debug/trust-collector");
    let demo = target_dir().join("demo");
    let data = demo.join("collector");
    fs::create_dir_all(&data)?;
    for entry in fs::read_dir(&data)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("collector.sqlite") || name == "photos" {
            if path.is_dir() {
                fs::remove_dir_all(&path)?;
            } else {
                fs::remove_file(&path)?;
            }
        }
    }
    let mailbox = Mailbox::default();
    let smtp = mailbox.start()?;
    let addr = free_port()?;
    let mut env: Vec<(String, String)> = [
        ("LISTEN", addr.to_string()),
        ("DATA_DIR", data.display().to_string()),
        ("PUBLIC_URL", origin.to_string()),
        ("INVITE_AFTER", "0s".into()),
        ("SMTP_URL", format!("smtp://{smtp}")),
        ("ADMIN_TOKEN", ADMIN_TOKEN.into()),
        ("NAME", "Trust Collector (demo)".into()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("TRUST_COLLECTOR_{k}"), v))
    .collect();
    if let Some(url) = database_url {
        env.push(("TRUST_COLLECTOR_DATABASE_URL".into(), url.into()));
    }
    // The log's key, then the witness that cosigns it: the collector asks it.
    let log_key = collector_cli(&bin, &env, &["log-key"])?;
    let witness = witness::start(&bin, &demo.join("witness"), &log_key)?;
    env.push((
        "TRUST_COLLECTOR_WITNESSES".into(),
        format!("{} {}", witness.url, witness.key),
    ));
    let demo_log = stage::DemoLog {
        key: log_key,
        url: format!("{origin}/log/"),
        witness_url: witness.url.clone(),
        witness_key: witness.key.clone(),
    };
    let witness = Mutex::new(Some(witness.child));
    let cli = |args: &[&str]| collector_cli(&bin, &env, args);
    let trustctl = target_dir().join("debug/trustctl");
    let keys = demo.join("keys");
    let brand_key = keygen(&trustctl, &keys, BRAND)?;
    let collector_key = cli(&["key", "--public"])?;
    let added: Value = serde_json::from_str(&cli(&[
        "brand",
        "add",
        "--id",
        BRAND,
        "--name",
        "Northwind Trail Co.",
        "--root",
        &brand_key,
        "--shop",
        SHOP,
        "--json",
    ])?)?;
    let secret = added["webhook_secret"]
        .as_str()
        .context("brand add --json: webhook_secret")?
        .to_string();
    stage::stage(
        site,
        &demo.join("work"),
        &brand_key,
        &collector_key,
        &demo_log,
    )?;
    // The brand's products, read from its manifest: the collector publishes reviews
    // of Shopify's product under the manifest's id.
    let manifest = demo.join("work").join(format!("{BRAND}.manifest.json"));
    let manifest = manifest.display().to_string();
    cli(&[
        "brand",
        "products",
        "--brand",
        BRAND,
        "--manifest",
        &manifest,
    ])?;

    let log = fs::File::create(data.join("collector.log"))?;
    let child = Command::new(&bin)
        .arg("serve")
        .envs(env.iter().cloned())
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    witness::end_with_this_process(&child)?;
    let running = Arc::new(Loop {
        child: Mutex::new(Some(child)),
        witness,
        log: demo_log,
        addr,
        bin,
        env,
        mailbox,
        secret,
        trustctl,
        keys,
        work: demo.join("work"),
        signed: Mutex::default(),
    });
    running.wait_healthy(&data.join("collector.log"))?;
    Ok(running)
}

/// One `trust-collector` command with the demo's configuration; its output.
fn collector_cli(bin: &Path, env: &[(String, String)], args: &[&str]) -> Result<String> {
    let out = Command::new(bin)
        .args(args)
        .envs(env.iter().cloned())
        .env("RUST_LOG", "warn")
        .output()
        .with_context(|| format!("running {}", bin.display()))?;
    if !out.status.success() {
        bail!(
            "trust-collector {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn free_port() -> Result<SocketAddr> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

impl Loop {
    fn wait_healthy(&self, log: &Path) -> Result<()> {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        let child = child.as_mut().context("the collector was stopped")?;
        witness::wait_ready("trust-collector", child, log, || {
            http::request(self.addr, "GET", "/healthz", &[], b"").is_ok_and(|r| r.status == 200)
        })
    }

    fn handle(
        &self,
        req: &Request,
        reader: &mut BufReader<TcpStream>,
        stream: &mut TcpStream,
    ) -> Option<io::Result<()>> {
        let path = req.target.split('?').next().unwrap_or("");
        let collector = ["/r/", "/v1/", "/admin/", "/webhooks/", "/log/"];
        Some(match (req.method.as_str(), path) {
            ("POST", "/loop/simulate-order") => self.simulate_order(req, reader, stream),
            ("GET", "/mailbox/") => {
                let page = mailbox_page::mailbox_page(&self.mailbox.mails());
                http::respond(
                    stream,
                    200,
                    "text/html; charset=utf-8",
                    &[],
                    page.as_bytes(),
                )
            }
            ("GET", "/mailbox") => {
                http::respond(stream, 303, "text/plain", &[("location", "/mailbox/")], b"")
            }
            ("GET", p) if p == format!("/manifests/{BRAND}.json") => match self.manifest() {
                Ok(body) => http::respond(stream, 200, "application/json", &[], &body),
                Err(e) => {
                    let text = format!("{e:#}");
                    http::text(stream, 502, &text)
                }
            },
            (_, p) if p == "/admin" || collector.iter().any(|c| p.starts_with(c)) => {
                http::proxy(self.addr, req, reader, stream)
            }
            _ => return None,
        })
    }
}

impl Loop {
    /// What the collector-loop page test needs: the binaries, the collector's
    /// configuration (to run `publish` against the same database), the brand's
    /// unsigned manifest and its keys.
    pub fn test_env(&self) -> Result<Vec<(String, String)>> {
        let env: serde_json::Map<String, Value> = self
            .env
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        Ok(vec![
            ("COLLECTOR_BIN".into(), self.bin.display().to_string()),
            ("COLLECTOR_ENV".into(), serde_json::to_string(&env)?),
            ("TRUSTCTL".into(), self.trustctl.display().to_string()),
            ("LOOP_WORK".into(), self.work.display().to_string()),
            ("LOOP_KEYS".into(), self.keys.display().to_string()),
            ("LOG_KEY".into(), self.log.key.clone()),
            ("LOG_URL".into(), self.log.url.clone()),
            ("WITNESS_URL".into(), self.log.witness_url.clone()),
            ("WITNESS_KEY".into(), self.log.witness_key.clone()),
        ])
    }
}

impl Drop for Loop {
    fn drop(&mut self) {
        for slot in [&self.child, &self.witness] {
            if let Some(mut child) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}
