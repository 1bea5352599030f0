//! The collector's rows of `cargo xtask bench` (issue 13's quality bar), measured on
//! the real service, built with the `server` profile, over HTTP and SMTP:
//!
//! - webhook ingest on SQLite: signed Shopify `orders/fulfilled` webhooks from
//!   CLIENTS keep-alive connections, in rounds; orders/s per round, latency per
//!   request, and the rows counted afterwards (none may be lost);
//! - form submission: buyers' invitations captured by the SMTP server
//!   (`mailbox.rs`), then one multipart submission per link with a camera-sized
//!   JPEG, one buyer at a time: latency as a buyer sees it;
//! - publishing 100,000 reviews with `trust-collector publish` (peak RSS too);
//! - the service's resident memory (VmHWM, VmRSS) after each phase.
//!
//! Timings on a shared 2-core machine are noisy, and the load generator shares the
//! cores with the service: medians and p95 are reported, goals are not asserted.

use std::{
    fs,
    io::{BufRead, BufReader, Read, Write},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::collector_loop::hmac_sha256;
use crate::{cargo, exec, target_dir};

const ROUNDS: usize = 5;
const PER_ROUND: usize = 2_000;
const CLIENTS: usize = 16;
const FORMS: usize = 120;
const REVIEWS: usize = 100_000;
const PUBLISH_RUNS: usize = 3;
const BRAND: &str = "bench";
const SHOP: &str = "bench.myshopify.com";

/// Runs every collector measurement; returns the figures and a Markdown section.
pub fn run(out: &Path) -> Result<(Value, String)> {
    exec(cargo().args([
        "build",
        "--quiet",
        "--profile",
        "server",
        "-p",
        "trust-collector",
        "--bin",
        "trust-collector",
        "--example",
        "bench_db",
    ]))?;
    let bins = target_dir().join("server");
    let tools = Tools {
        collector: bins.join("trust-collector"),
        db: bins.join("examples/bench_db"),
        work: out.join("collector"),
    };
    let ingest = tools.ingest().context("webhook ingest")?;
    let form = tools.form().context("form submissions")?;
    let publish = tools.publish().context("publishing")?;
    let figures = json!({ "ingest": ingest, "form": form, "publish": publish });
    let md = markdown(&figures);
    fs::write(
        out.join("collector.json"),
        serde_json::to_string_pretty(&figures)?,
    )?;
    fs::write(out.join("collector.md"), &md)?;
    Ok((figures, md))
}

struct Tools {
    collector: PathBuf,
    db: PathBuf,
    work: PathBuf,
}

/// One service process on a fresh data directory.
struct Service {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Tools {
    fn cli(&self, data: &Path, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.collector)
            .args(args)
            .env("TRUST_COLLECTOR_DATA_DIR", data)
            .env("RUST_LOG", "warn")
            .output()?;
        if !out.status.success() {
            bail!(
                "trust-collector {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// A fresh data directory with the bench brand; returns it and the webhook secret.
    fn fresh(&self, name: &str) -> Result<(PathBuf, String)> {
        let data = self.work.join(name);
        let _ = fs::remove_dir_all(&data);
        fs::create_dir_all(&data)?;
        let root = self.cli(&data, &["key", "--public"])?;
        let added: Value = serde_json::from_str(&self.cli(
            &data,
            &[
                "brand", "add", "--id", BRAND, "--name", "Bench", "--root", &root, "--shop", SHOP,
                "--json",
            ],
        )?)?;
        let secret = added["webhook_secret"].as_str().context("webhook_secret")?;
        Ok((data, secret.to_string()))
    }

    fn serve(&self, data: &Path, env: &[(&str, String)]) -> Result<Service> {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let log = fs::File::create(data.join("service.log"))?;
        let child = Command::new(&self.collector)
            .arg("serve")
            .env("TRUST_COLLECTOR_DATA_DIR", data)
            .env("TRUST_COLLECTOR_LISTEN", addr.to_string())
            .env("TRUST_COLLECTOR_PUBLIC_URL", format!("http://{addr}"))
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let service = Service { child, addr };
        let started = Instant::now();
        while !crate::http::request(addr, "GET", "/healthz", &[], b"")
            .is_ok_and(|r| r.status == 200)
        {
            if started.elapsed() > Duration::from_secs(60) {
                bail!(
                    "the collector did not start; see {}",
                    data.join("service.log").display()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(service)
    }

    fn ingest(&self) -> Result<Value> {
        let (data, secret) = self.fresh("ingest")?;
        // The default delay (14 days): ingest only, no mail during the run.
        let service = self.serve(&data, &[("TRUST_COLLECTOR_INVITE_AFTER", "14d".into())])?;
        let mut rates = Vec::new();
        let mut latencies = Vec::new();
        let mut failed = 0;
        for round in 0..ROUNDS {
            let requests: Vec<Vec<u8>> = (0..PER_ROUND)
                .map(|i| webhook(&secret, round * PER_ROUND + i, None))
                .collect();
            let started = Instant::now();
            let (lat, bad) = drive(service.addr, &requests)?;
            rates.push(PER_ROUND as f64 / started.elapsed().as_secs_f64());
            latencies.extend(lat);
            failed += bad;
        }
        let memory = memory(service.child.id());
        drop(service);
        let counts = self.count(&data)?;
        let sent = ROUNDS * PER_ROUND;
        Ok(json!({
            "webhooks": sent, "clients": CLIENTS, "rounds": ROUNDS, "refused": failed,
            "orders_per_s": stats(&rates), "latency_ms": stats(&latencies),
            "orders_stored": counts[0], "events_stored": counts[1],
            "lost": sent as i64 - counts[0], "service_memory_kb": memory,
        }))
    }

    fn count(&self, data: &Path) -> Result<Vec<i64>> {
        let url = format!(
            "sqlite://{}?mode=rw",
            data.join("collector.sqlite").display()
        );
        let out = crate::output(Command::new(&self.db).args(["count", &url, BRAND]))
            .context("bench_db count")?;
        Ok(out
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect())
    }

    fn form(&self) -> Result<Value> {
        let (data, secret) = self.fresh("form")?;
        let mailbox = crate::mailbox::Mailbox::default();
        let smtp = mailbox.start()?;
        let service = self.serve(
            &data,
            &[
                ("TRUST_COLLECTOR_INVITE_AFTER", "0s".into()),
                ("TRUST_COLLECTOR_REMIND_AFTER", "off".into()),
                ("TRUST_COLLECTOR_SMTP_URL", format!("smtp://{smtp}")),
            ],
        )?;
        let requests: Vec<Vec<u8>> = (0..FORMS).map(|i| webhook(&secret, i, Some(i))).collect();
        let (_, bad) = drive(service.addr, &requests)?;
        if bad > 0 {
            bail!("{bad} webhooks refused");
        }
        let started = Instant::now();
        while mailbox.mails().len() < FORMS {
            if started.elapsed() > Duration::from_secs(180) {
                bail!("{} of {FORMS} invitations arrived", mailbox.mails().len());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let photo_file = data.join("photo.jpg");
        exec(
            Command::new(&self.db)
                .arg("photo")
                .arg(&photo_file)
                .args(["1600", "1200"]),
        )?;
        let photo = fs::read(&photo_file)?;
        let mut latencies = Vec::new();
        for mail in mailbox.mails() {
            let text = mail.text();
            let at = text.find("/r/").context("a review link")? + 3;
            let token: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let (ctype, body) = multipart(&photo);
            let started = Instant::now();
            let r = crate::http::request(
                service.addr,
                "POST",
                &format!("/r/{token}"),
                &[("content-type", &ctype)],
                &body,
            )?;
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
            if !(200..400).contains(&r.status) {
                bail!(
                    "submission answered {}: {}",
                    r.status,
                    String::from_utf8_lossy(&r.body)
                );
            }
        }
        let memory = memory(service.child.id());
        drop(service);
        Ok(json!({
            "submissions": FORMS, "photo_bytes": photo.len(), "photo": "1600x1200 JPEG",
            "latency_ms": stats(&latencies), "service_memory_kb": memory,
            "reviews_stored": self.count(&data)?.get(2),
        }))
    }

    fn publish(&self) -> Result<Value> {
        let data = self.work.join("publish");
        let _ = fs::remove_dir_all(&data);
        fs::create_dir_all(&data)?;
        let root = self.cli(&data, &["key", "--public"])?;
        let url = format!(
            "sqlite://{}?mode=rwc",
            data.join("collector.sqlite").display()
        );
        let seeded = Instant::now();
        exec(Command::new(&self.db).args(["seed", &url, BRAND, &root, &REVIEWS.to_string()]))?;
        let seed_s = seeded.elapsed().as_secs_f64();
        let mut times = Vec::new();
        let mut peaks = Vec::new();
        for run in 0..PUBLISH_RUNS {
            let out = data.join(format!("out-{run}"));
            let started = Instant::now();
            let mut child = Command::new(&self.collector)
                .args(["publish", "--brand", BRAND, "--out"])
                .arg(&out)
                .env("TRUST_COLLECTOR_DATA_DIR", &data)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::piped())
                .spawn()?;
            // The peak resident size, read until the process exits.
            let mut peak = 0;
            while child.try_wait()?.is_none() {
                peak = peak.max(memory(child.id())["peak"].as_u64().unwrap_or(0));
                std::thread::sleep(Duration::from_millis(5));
            }
            times.push(started.elapsed().as_secs_f64());
            peaks.push(peak as f64);
            let mut said = String::new();
            child
                .stdout
                .take()
                .context("stdout")?
                .read_to_string(&mut said)?;
            if !said.contains(&format!("published {REVIEWS} reviews")) {
                bail!("publish said: {said}");
            }
        }
        let pages = fs::read_dir(data.join("out-0"))?.count();
        Ok(json!({
            "reviews": REVIEWS, "runs": PUBLISH_RUNS, "seconds": stats(&times),
            "peak_rss_kb": stats(&peaks), "files": pages, "seed_seconds": seed_s,
        }))
    }
}

/// One signed `orders/fulfilled` webhook as bytes on the wire (HTTP/1.1 keep-alive).
fn webhook(secret: &str, n: usize, email: Option<usize>) -> Vec<u8> {
    let at = trust_manifest::Timestamp(crate::collector_loop::unix_now() - 3600).to_string();
    let (locale, country) = [("en", "US"), ("de", "DE"), ("ja", "JP"), ("fr", "FR")][n % 4];
    let body = json!({
        "id": 7_000_000_000_000u64 + n as u64,
        "email": format!("buyer{}@example.com", email.unwrap_or(n)),
        "customer_locale": locale,
        "created_at": at, "updated_at": at, "fulfillment_status": "fulfilled",
        "line_items": [{ "product_id": 8_800_000_000u64 + (n % 50) as u64, "sku": "SKU", "title": "Tent", "quantity": 1 }],
        "shipping_address": { "country_code": country },
        "fulfillments": [{ "status": "success", "created_at": at }],
    })
    .to_string();
    let tag = hmac_sha256(secret.as_bytes(), body.as_bytes());
    format!(
        "POST /webhooks/shopify HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n\
         x-shopify-topic: orders/fulfilled\r\nx-shopify-shop-domain: {SHOP}\r\n\
         x-shopify-webhook-id: bench-{n}\r\nx-shopify-hmac-sha256: {tag}\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends every request over CLIENTS keep-alive connections; returns each request's
/// latency (ms) and how many were not answered 2xx.
fn drive(addr: SocketAddr, requests: &[Vec<u8>]) -> Result<(Vec<f64>, usize)> {
    let next = AtomicUsize::new(0);
    let results: Vec<Result<(Vec<f64>, usize)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|_| {
                s.spawn(|| -> Result<(Vec<f64>, usize)> {
                    let mut stream = TcpStream::connect(addr)?;
                    stream.set_nodelay(true)?;
                    let mut reader = BufReader::new(stream.try_clone()?);
                    let (mut lat, mut bad) = (Vec::new(), 0);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(req) = requests.get(i) else { break };
                        let started = Instant::now();
                        stream.write_all(req)?;
                        let status = read_response(&mut reader)?;
                        lat.push(started.elapsed().as_secs_f64() * 1000.0);
                        bad += usize::from(!(200..300).contains(&status));
                    }
                    Ok((lat, bad))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("client thread"))
            .collect()
    });
    let (mut all, mut bad) = (Vec::new(), 0);
    for r in results {
        let (lat, b) = r?;
        all.extend(lat);
        bad += b;
    }
    Ok((all, bad))
}

/// Reads one response on a keep-alive connection; returns its status.
fn read_response(reader: &mut BufReader<TcpStream>) -> Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("status")?;
    let mut len = 0;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse()?;
            }
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(status)
}

/// A review form submission with one photo.
fn multipart(photo: &[u8]) -> (String, Vec<u8>) {
    const B: &str = "benchboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in [
        ("rating", "4"),
        ("title", "Dry after two nights of rain"),
        (
            "body",
            "Pitched it in ten minutes on the first try. Everything inside stayed dry.",
        ),
        ("name", "Bench Buyer"),
        ("incentive", "no"),
    ] {
        body.extend_from_slice(
            format!("--{B}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{B}\r\ncontent-disposition: form-data; name=\"photo\"; filename=\"tent.jpg\"\r\n\
             content-type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={B}"), body)
}

/// VmHWM (peak) and VmRSS of a process, in kB (zeros once it has exited).
fn memory(pid: u32) -> Value {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    json!({ "peak": field("VmHWM:"), "now": field("VmRSS:") })
}

/// Median, p95, min and max.
fn stats(values: &[f64]) -> Value {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    json!({ "median": at(0.5), "p95": at(0.95), "min": at(0.0), "max": at(1.0), "n": v.len() })
}

fn markdown(f: &Value) -> String {
    let n = |v: &Value| v.as_f64().unwrap_or(0.0);
    let (i, fo, p) = (&f["ingest"], &f["form"], &f["publish"]);
    format!(
        "## Review collector (trust-collector, `server` profile, SQLite)\n\n\
         | measurement | median | p95 | goal |\n| --- | ---: | ---: | --- |\n\
         | webhook ingest, orders/s ({} rounds of {PER_ROUND}, {CLIENTS} connections; p95 column: slowest round) | {:.0} | {:.0} | 2,000/s on 2 cores |\n\
         | webhook latency, ms | {:.1} | {:.1} | |\n\
         | orders lost (sent {}, stored {}, refused {}) | {} | | 0 |\n\
         | form submission with a {} kB photo, ms ({} buyers, one at a time) | {:.0} | {:.0} | |\n\
         | publish {} reviews, s ({} runs) | {:.2} | {:.2} | under 10 s |\n\
         | publish peak RSS, MB | {:.0} | {:.0} | |\n\
         | service RSS after ingest, MB (peak / now) | {:.0} / {:.0} | | |\n\
         | service RSS after the forms, MB (peak / now) | {:.0} / {:.0} | | |\n",
        i["rounds"], n(&i["orders_per_s"]["median"]), n(&i["orders_per_s"]["min"]),
        n(&i["latency_ms"]["median"]), n(&i["latency_ms"]["p95"]),
        i["webhooks"], i["orders_stored"], i["refused"], i["lost"],
        n(&fo["photo_bytes"]) as u64 / 1024, fo["submissions"], n(&fo["latency_ms"]["median"]), n(&fo["latency_ms"]["p95"]),
        p["reviews"], p["runs"], n(&p["seconds"]["median"]), n(&p["seconds"]["p95"]),
        n(&p["peak_rss_kb"]["median"]) / 1024.0, n(&p["peak_rss_kb"]["p95"]) / 1024.0,
        n(&i["service_memory_kb"]["peak"]) / 1024.0, n(&i["service_memory_kb"]["now"]) / 1024.0,
        n(&fo["service_memory_kb"]["peak"]) / 1024.0, n(&fo["service_memory_kb"]["now"]) / 1024.0,
    )
}
