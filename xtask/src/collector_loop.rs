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
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::{bail, Context, Result};
use base64::Engine as _;
use serde_json::{json, Value};

use crate::http::{self, escape};
use crate::mailbox::Mailbox;
use crate::serve::{Dynamic, Request};
use crate::site::{keygen, render_page, Page};
use crate::{cargo, exec, read_json, target_dir};

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
    signed: Mutex<Signed>,
}

/// The last manifest signed, and the collector index it embeds.
#[derive(Default)]
struct Signed {
    index: Option<Vec<u8>>,
    manifest: Vec<u8>,
    sequence: u64,
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
    let cli = |args: &[&str]| -> Result<String> {
        let out = Command::new(&bin)
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
    };
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
    stage(site, &demo.join("work"), &brand_key, &collector_key)?;
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
    // Should this process end without dropping the loop (a signal), the collector
    // ends too, a second later.
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "while kill -0 {} 2>/dev/null; do sleep 1; done; kill {} 2>/dev/null",
            std::process::id(),
            child.id()
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let running = Arc::new(Loop {
        child: Mutex::new(Some(child)),
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

/// The brand's page, its unsigned manifest (the outdoor brand's facts without the
/// claims other collectors signed for that brand's key), its key for the pages,
/// and the collector on the trust list.
fn stage(site: &Path, work: &Path, brand_key: &str, collector_key: &str) -> Result<()> {
    let mut manifest = read_json(&work.join("northwind-outdoor.manifest.json"))?;
    let map = manifest.as_object_mut().context("manifest")?;
    for field in [
        "reviews",
        "review_pages",
        "aggregates",
        "certifications",
        "media_mentions",
        "evidence",
    ] {
        map.remove(field);
    }
    manifest["issuer"]["id"] = BRAND.into();
    fs::write(
        work.join(format!("{BRAND}.manifest.json")),
        serde_json::to_vec_pretty(&manifest)?,
    )?;
    render_page(site, &PAGE, brand_key)?;
    let mut keys = read_json(&site.join("keys.json"))?;
    keys[BRAND] = brand_key.into();
    fs::write(site.join("keys.json"), serde_json::to_string_pretty(&keys)?)?;
    let mut trust = read_json(&site.join("attesters.json"))?;
    trust["attesters"]
        .as_array_mut()
        .context("attesters.json: attesters")?
        .push(json!({
            "name": "Trust Collector (demo)",
            "url": "https://github.com/trust-widget/trust-collector",
            "kinds": ["review", "aggregate"],
            "key": collector_key,
        }));
    fs::write(
        site.join("attesters.json"),
        serde_json::to_string_pretty(&trust)?,
    )?;
    Ok(())
}

fn free_port() -> Result<SocketAddr> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

impl Loop {
    fn wait_healthy(&self, log: &Path) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(r) = http::request(self.addr, "GET", "/healthz", &[], b"") {
                if r.status == 200 {
                    return Ok(());
                }
            }
            if let Some(child) = self.child.lock().unwrap().as_mut() {
                if let Some(status) = child.try_wait()? {
                    bail!(
                        "trust-collector exited ({status}); its log, {}:\n{}",
                        log.display(),
                        fs::read_to_string(log).unwrap_or_default()
                    );
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!(
            "trust-collector did not answer /healthz within 60 s; see {}",
            log.display()
        )
    }

    fn handle(
        &self,
        req: &Request,
        reader: &mut BufReader<TcpStream>,
        stream: &mut TcpStream,
    ) -> Option<io::Result<()>> {
        let path = req.target.split('?').next().unwrap_or("");
        let collector = ["/r/", "/v1/", "/admin/", "/webhooks/"];
        Some(match (req.method.as_str(), path) {
            ("POST", "/loop/simulate-order") => self.simulate_order(req, reader, stream),
            ("GET", "/mailbox/") => {
                let page = mailbox_page(&self.mailbox.mails());
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

    /// Posts a signed `orders/fulfilled` webhook for one tent bought by the form's buyer.
    fn simulate_order(
        &self,
        req: &Request,
        reader: &mut BufReader<TcpStream>,
        stream: &mut TcpStream,
    ) -> io::Result<()> {
        let fields = http::form_pairs(&http::read_body(req, reader)?);
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let (email, locale, country) = (field("email"), field("locale"), field("country"));
        let valid = email.len() <= 200
            && email
                .split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
            && LANGUAGES.contains(&locale.as_str())
            && country.len() == 2
            && country.bytes().all(|b| b.is_ascii_uppercase());
        if !valid {
            let text = "Give an email address, one of the ten languages and a two-letter country.";
            return http::text(stream, 400, text);
        }
        let (body, webhook_id) = order_json(&email, &locale, &country);
        let tag = hmac_sha256(self.secret.as_bytes(), &body);
        let answer = http::request(
            self.addr,
            "POST",
            "/webhooks/shopify",
            &[
                ("content-type", "application/json"),
                ("x-shopify-topic", "orders/fulfilled"),
                ("x-shopify-shop-domain", SHOP),
                ("x-shopify-webhook-id", &webhook_id),
                ("x-shopify-hmac-sha256", &tag),
            ],
            &body,
        );
        match answer {
            Ok(r) if (200..300).contains(&r.status) => {
                http::respond(stream, 303, "text/plain", &[("location", "/mailbox/")], b"")
            }
            Ok(r) => {
                let text = format!(
                    "The collector refused the webhook ({}): {}",
                    r.status,
                    String::from_utf8_lossy(&r.body)
                );
                http::text(stream, 502, &text)
            }
            Err(e) => {
                let text = format!("The collector does not answer: {e}");
                http::text(stream, 502, &text)
            }
        }
    }

    /// The brand's signed manifest, embedding the collector's current review pages;
    /// signed again only when those changed, with a higher sequence each time (the
    /// time in seconds, so a browser that saw an earlier demo run accepts it).
    fn manifest(&self) -> Result<Vec<u8>> {
        let path = format!("/v1/brands/{BRAND}/review-pages.json");
        let r = http::request(self.addr, "GET", &path, &[], b"")?;
        let index = match r.status {
            200 => Some(r.body),
            404 => None,
            s => bail!("the collector answered {s} for {path}"),
        };
        let mut signed = self.signed.lock().unwrap_or_else(|e| e.into_inner());
        if !signed.manifest.is_empty() && signed.index == index {
            return Ok(signed.manifest.clone());
        }
        let mut sign = Command::new(&self.trustctl);
        sign.arg("sign")
            .arg("--key")
            .arg(self.keys.join(format!("{BRAND}.key")));
        if let Some(bytes) = &index {
            // Pages by their root, through this server: immutable, and same-origin.
            let mut pages: Value = serde_json::from_slice(bytes)?;
            let root = page_root(&pages)?;
            pages["page_url"] = format!("/v1/brands/{BRAND}/pages/{root}/page-{{n}}.json").into();
            let file = self.work.join(format!("{BRAND}.review-pages.json"));
            fs::write(&file, serde_json::to_vec_pretty(&pages)?)?;
            sign.arg("--attach").arg(file);
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let sequence = now.max(signed.sequence + 1);
        let out = self.work.join(format!("{BRAND}.signed.json"));
        exec(
            sign.args(["--expires-in", "7d", "--sequence", &sequence.to_string()])
                .arg(self.work.join(format!("{BRAND}.manifest.json")))
                .arg("-o")
                .arg(&out)
                .stderr(Stdio::null()),
        )?;
        *signed = Signed {
            index,
            manifest: fs::read(&out)?,
            sequence,
        };
        Ok(signed.manifest.clone())
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
        ])
    }
}

impl Drop for Loop {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The Merkle root a review-pages index was signed over (from its statement).
fn page_root(pages: &Value) -> Result<String> {
    let payload = pages["attestation"]["payload"]
        .as_str()
        .context("review-pages.json: attestation.payload")?;
    let statement: Value =
        serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(payload)?)?;
    Ok(statement["pages"]["root"]
        .as_str()
        .context("review-pages statement: pages.root")?
        .to_string())
}

/// A Shopify order as `orders/fulfilled` sends it (the fields the collector reads,
/// and a few it drops); returns the body and a fresh webhook id.
fn order_json(email: &str, locale: &str, country: &str) -> (Vec<u8>, String) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let id = 5_000_000_000_000 + now.as_micros() as u64 % 1_000_000_000_000;
    let at = trust_manifest::Timestamp(now.as_secs() as i64).to_string();
    let order = json!({
        "id": id,
        "name": format!("#{}", id % 100_000),
        "email": email,
        "customer_locale": locale,
        "created_at": at,
        "updated_at": at,
        "financial_status": "paid",
        "fulfillment_status": "fulfilled",
        "line_items": [{
            "id": id + 1, "product_id": SHOPIFY_PRODUCT, "variant_id": SHOPIFY_PRODUCT + 1,
            "sku": SHOPIFY_SKU,
            "title": "Ridgeline 2 Ultralight Tent", "quantity": 1, "price": "349.00",
        }],
        "shipping_address": { "first_name": "Demo", "last_name": "Buyer", "country_code": country },
        "fulfillments": [{ "id": id + 2, "status": "success", "created_at": at }],
    });
    let body = serde_json::to_vec(&order).expect("an order serialises");
    (body, format!("demo-{}", now.as_nanos()))
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Base64 HMAC-SHA256, as Shopify's `X-Shopify-Hmac-Sha256`.
pub fn hmac_sha256(key: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The mailbox page: every message, newest first, links clickable.
fn mailbox_page(mails: &[crate::mailbox::Mail]) -> String {
    let mut items = String::new();
    for (n, mail) in mails.iter().enumerate().rev() {
        items.push_str(&format!(
            "<article class=\"mail\" aria-labelledby=\"mail-{n}\"><h2 id=\"mail-{n}\">{}</h2>\
             <p>To: {} · Language: {}</p><pre>{}</pre></article>\n",
            escape(&mail.subject()),
            escape(&mail.to.join(", ")),
            escape(&mail.header("Content-Language").unwrap_or_default()),
            linkify(&mail.text()),
        ));
    }
    let (refresh, intro) = if mails.is_empty() {
        (
            "<meta http-equiv=\"refresh\" content=\"2\">",
            "No mail yet. <a href=\"/loop/\">Simulate an order</a>; the invitation arrives \
             within a few seconds (this page reloads until it does).",
        )
    } else {
        (
            "",
            "Everything the collector sent, newest first. Nothing here left this machine.",
        )
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{refresh}\
         <title>Demo mailbox</title><link rel=\"icon\" href=\"data:,\">\
         <link rel=\"stylesheet\" href=\"/demo.css\"></head>\n<body><main>\
         <h1>Demo mailbox</h1><p>{intro} Back to the <a href=\"/loop/\">product page</a>.</p>\n\
         {items}</main></body></html>\n"
    )
}

/// Escaped text with its http(s) URLs as links.
fn linkify(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for (j, line) in word.split('\n').enumerate() {
            if j > 0 {
                out.push('\n');
            }
            if line.starts_with("http://") || line.starts_with("https://") {
                out.push_str(&format!("<a href=\"{0}\">{0}</a>", escape(line)));
            } else {
                out.push_str(&escape(line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_are_escaped_and_clickable() {
        assert_eq!(
            super::linkify("Write it:\nhttp://127.0.0.1:8080/r/abc <b>"),
            "Write it:\n<a href=\"http://127.0.0.1:8080/r/abc\">http://127.0.0.1:8080/r/abc</a> &lt;b&gt;"
        );
    }
}
