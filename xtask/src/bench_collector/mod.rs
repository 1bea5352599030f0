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
//! - the service's resident memory (VmHWM, VmRSS) after each phase;
//! - the public review log: append throughput and tile serving (log.rs).
//!
//! Timings on a shared 2-core machine are noisy, and the load generator shares the
//! cores with the service: medians and p95 are reported, goals are not asserted.

mod figures;
mod log;
mod measurements;
mod traffic;

use std::{
    fs,
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::{cargo, exec, target_dir};
use figures::markdown;

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
    // COLLECTOR_BENCH="log publish" runs only those phases (the others' rows read 0).
    let only = std::env::var("COLLECTOR_BENCH").unwrap_or_default();
    let run = |name: &str| only.is_empty() || only.split([' ', ',']).any(|p| p == name);
    // A phase not selected reads null.
    let phase = |name: &str, what: &str, f: &dyn Fn() -> Result<Value>| -> Result<Value> {
        if run(name) {
            f().context(what.to_owned())
        } else {
            Ok(Value::Null)
        }
    };
    let ingest = phase("ingest", "webhook ingest", &|| tools.ingest())?;
    let form = phase("form", "form submissions", &|| tools.form())?;
    let publish = phase("publish", "publishing", &|| tools.publish())?;
    let log = phase("log", "the review log", &|| tools.log())?;
    let figures = json!({ "ingest": ingest, "form": form, "publish": publish, "log": log });
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
}
