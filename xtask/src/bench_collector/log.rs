//! The public review log's rows (issue 15): append throughput through the
//! collector's own code (`bench_db log-append`: leaves appended in a transaction,
//! then the tiles and a signed checkpoint, as a publication does), one leaf per
//! transaction (a moderation removal) and 100 per transaction (a publication with
//! 100 new reviews); then tile serving by the service over keep-alive
//! connections: full hash tiles, entry bundles and the checkpoint.

use std::{fs, process::Command, time::Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use super::figures::stats;
use super::traffic::drive;
use super::Tools;

const SINGLE: usize = 1_000;
const BATCHED: usize = 50_000;
const BATCH: usize = 100;
const TILE_REQUESTS: usize = 6_000;

impl Tools {
    pub(super) fn log(&self) -> Result<Value> {
        let data = self.work.join("log");
        let _ = fs::remove_dir_all(&data);
        fs::create_dir_all(&data)?;
        let url = format!(
            "sqlite://{}?mode=rwc",
            data.join("collector.sqlite").display()
        );
        let append = |n: usize, batch: usize| -> Result<f64> {
            let out = crate::output(Command::new(&self.db).args([
                "log-append",
                &url,
                &data.display().to_string(),
                &n.to_string(),
                &batch.to_string(),
            ]))
            .context("bench_db log-append")?;
            Ok(out.trim().parse::<f64>()?)
        };
        let single_s = append(SINGLE, 1)?;
        let batched_s = append(BATCHED, BATCH)?;
        let size = SINGLE + BATCHED;
        let service = self.serve(&data, &[])?;
        let full = size / 256;
        let requests: Vec<Vec<u8>> = (0..TILE_REQUESTS)
            .map(|i| {
                let n = i % full;
                let path = match i % 5 {
                    0 | 1 => format!("/log/tile/0/{n:03}"),
                    2 | 3 => format!("/log/tile/entries/{n:03}"),
                    _ => "/log/checkpoint".to_string(),
                };
                format!("GET {path} HTTP/1.1\r\nhost: bench\r\n\r\n").into_bytes()
            })
            .collect();
        let started = Instant::now();
        let (latencies, bad) = drive(service.addr, &requests)?;
        let secs = started.elapsed().as_secs_f64();
        drop(service);
        Ok(json!({
            "single": { "leaves": SINGLE, "per_s": SINGLE as f64 / single_s },
            "batched": { "leaves": BATCHED, "batch": BATCH, "per_s": BATCHED as f64 / batched_s },
            "tiles": {
                "log_size": size, "requests": TILE_REQUESTS, "per_s": TILE_REQUESTS as f64 / secs,
                "latency_ms": stats(&latencies), "not_ok": bad,
            },
        }))
    }
}
