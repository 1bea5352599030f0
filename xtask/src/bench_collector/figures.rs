//! The figures: a process's memory, the summary of a series, and the Markdown table.

use std::fs;

use serde_json::{json, Value};

use super::{CLIENTS, PER_ROUND};

/// VmHWM (peak) and VmRSS of a process, in kB (zeros once it has exited).
pub(super) fn memory(pid: u32) -> Value {
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
pub(super) fn stats(values: &[f64]) -> Value {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        v.get(((v.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    json!({ "median": at(0.5), "p95": at(0.95), "min": at(0.0), "max": at(1.0), "n": v.len() })
}

pub(super) fn markdown(f: &Value) -> String {
    let n = |v: &Value| v.as_f64().unwrap_or(0.0);
    let (i, fo, p, l) = (&f["ingest"], &f["form"], &f["publish"], &f["log"]);
    format!(
        "## Review collector (trust-collector, `server` profile, SQLite)\n\n\
         | measurement | median | p95 | goal |\n| --- | ---: | ---: | --- |\n\
         | webhook ingest, orders/s ({} rounds of {PER_ROUND}, {CLIENTS} connections; p95 column: slowest round) | {:.0} | {:.0} | 2,000/s on 2 cores |\n\
         | webhook latency, ms | {:.1} | {:.1} | |\n\
         | orders lost (sent {}, stored {}, refused {}) | {} | | 0 |\n\
         | form submission with a {} kB photo, ms ({} buyers, one at a time) | {:.0} | {:.0} | |\n\
         | publish {} reviews, s ({} runs) | {:.2} | {:.2} | under 10 s |\n\
         | publish peak RSS, MB | {:.0} | {:.0} | |\n\
         | log proofs in page files, bytes per review ({:.1} % of page bytes) | {:.0} | | |\n\
         | service RSS after ingest, MB (peak / now) | {:.0} / {:.0} | | |\n\
         | service RSS after the forms, MB (peak / now) | {:.0} / {:.0} | | |\n\
         | log append, leaves/s (one per transaction, then tiles and a signed checkpoint) | {:.0} | | |\n\
         | log append, leaves/s ({} per transaction) | {:.0} | | |\n\
         | log tiles served, requests/s ({} requests: full tiles, entry bundles, checkpoint; {} not 200) | {:.0} | | |\n\
         | log tile latency, ms | {:.2} | {:.2} | |\n",
        i["rounds"], n(&i["orders_per_s"]["median"]), n(&i["orders_per_s"]["min"]),
        n(&i["latency_ms"]["median"]), n(&i["latency_ms"]["p95"]),
        i["webhooks"], i["orders_stored"], i["refused"], i["lost"],
        n(&fo["photo_bytes"]) as u64 / 1024, fo["submissions"], n(&fo["latency_ms"]["median"]), n(&fo["latency_ms"]["p95"]),
        p["reviews"], p["runs"], n(&p["seconds"]["median"]), n(&p["seconds"]["p95"]),
        n(&p["peak_rss_kb"]["median"]) / 1024.0, n(&p["peak_rss_kb"]["p95"]) / 1024.0,
        100.0 * n(&p["log_proof_bytes"]) / n(&p["page_bytes"]).max(1.0),
        n(&p["log_proof_bytes"]) / n(&p["reviews"]).max(1.0),
        n(&i["service_memory_kb"]["peak"]) / 1024.0, n(&i["service_memory_kb"]["now"]) / 1024.0,
        n(&fo["service_memory_kb"]["peak"]) / 1024.0, n(&fo["service_memory_kb"]["now"]) / 1024.0,
        n(&l["single"]["per_s"]), l["batched"]["batch"], n(&l["batched"]["per_s"]),
        l["tiles"]["requests"], l["tiles"]["not_ok"], n(&l["tiles"]["per_s"]),
        n(&l["tiles"]["latency_ms"]["median"]), n(&l["tiles"]["latency_ms"]["p95"]),
    )
}
