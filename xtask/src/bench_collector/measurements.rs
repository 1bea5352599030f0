//! The three measured phases: webhook ingest, form submissions, publishing.

use std::{
    fs,
    io::Read,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use super::figures::{memory, stats};
use super::traffic::{drive, multipart, webhook};
use super::{Tools, BRAND, CLIENTS, FORMS, PER_ROUND, PUBLISH_RUNS, REVIEWS, ROUNDS};
use crate::exec;

impl Tools {
    pub(super) fn ingest(&self) -> Result<Value> {
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

    pub(super) fn form(&self) -> Result<Value> {
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

    pub(super) fn publish(&self) -> Result<Value> {
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
        // What the log adds to page files: each review's leaf index and proof.
        let (mut page_bytes, mut proof_bytes) = (0, 0);
        for entry in fs::read_dir(data.join("out-0"))? {
            let path = entry?.path();
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("page-"))
            {
                let text = fs::read_to_string(&path)?;
                let file: Value = serde_json::from_str(&text)?;
                page_bytes += text.len();
                proof_bytes += file["log"].to_string().len();
            }
        }
        Ok(json!({
            "reviews": REVIEWS, "runs": PUBLISH_RUNS, "seconds": stats(&times),
            "peak_rss_kb": stats(&peaks), "files": pages, "seed_seconds": seed_s,
            "page_bytes": page_bytes, "log_proof_bytes": proof_bytes,
        }))
    }
}
