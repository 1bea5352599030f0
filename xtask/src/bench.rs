//! `cargo xtask bench [--loads N]`: what the widget costs a storefront, measured in
//! headless Chromium against the local server, written to target/bench/report.md
//! and report.json. Timings on shared machines are noisy: the report gives medians
//! and p95 over many loads, and ratios against a floor measured in the same run.

use std::{fs, process::Command};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::{ensure, exec, root, target_dir};

/// Review counts for the scale runs.
const SIZES: &[usize] = &[10, 100, 1_000, 10_000];

pub fn run(loads: usize) -> Result<()> {
    ensure::npm_packages()?;
    ensure::chromium()?;
    let addr = crate::serve::spawn(crate::site::site_dir(), "127.0.0.1:0")?;
    let origin = format!("http://{addr}");
    let site = crate::site::stage(&origin)?;
    stage_bench_pages(&site, &origin)?;
    let out = target_dir().join("bench");
    fs::create_dir_all(&out)?;
    exec(
        Command::new("node")
            .arg(root().join("tests/bench/run.mjs"))
            .env("CHROMIUM", ensure::CHROMIUM)
            .env("BASE_URL", &origin)
            .env("SITE_DIR", &site)
            .env("OUT_DIR", &out)
            .env("LOADS", loads.to_string())
            .env(
                "SIZES",
                SIZES
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
    )?;
    println!("wrote {}", out.join("report.md").display());
    Ok(())
}

/// Manifests with N brand-stated reviews (cycled from the outdoor samples), signed
/// with the outdoor brand's demo key, and the widget and floor pages for each.
fn stage_bench_pages(site: &std::path::Path, origin: &str) -> Result<()> {
    let bench = site.join("bench");
    fs::create_dir_all(&bench)?;
    fs::copy(root().join("tests/bench/floor.js"), bench.join("floor.js"))?;
    let src = root().join("www/manifests/src/northwind-outdoor/manifest.json");
    let mut manifest: Value = serde_json::from_slice(&fs::read(&src)?)?;
    let samples: Vec<Value> = manifest["reviews"]
        .as_array()
        .context("reviews")?
        .iter()
        .filter_map(|e| e.get("review").cloned())
        .filter(|r| !r["photos"].is_array()) // photos point at fictional hosts
        .collect();
    manifest["issuer"]["allowed_origins"] = json!([origin]);
    manifest["aggregates"] = json!([]);
    let trustctl = target_dir().join("debug/trustctl");
    let key = target_dir().join("demo/keys/northwind-outdoor.key");
    let public = fs::read_to_string(target_dir().join("demo/keys/northwind-outdoor.pub"))?;
    for &n in SIZES {
        let reviews: Vec<Value> = (0..n)
            .map(|i| {
                let mut r = samples[i % samples.len()].clone();
                r["id"] = format!("bench-{i}").into();
                json!({ "review": r })
            })
            .collect();
        manifest["reviews"] = Value::Array(reviews);
        let unsigned = target_dir().join(format!("demo/work/bench-{n}.json"));
        fs::write(&unsigned, serde_json::to_vec(&manifest)?)?;
        exec(
            Command::new(&trustctl)
                .arg("sign")
                .arg("--key")
                .arg(&key)
                .arg(&unsigned)
                .arg("-o")
                .arg(bench.join(format!("manifest-{n}.json")))
                .stderr(std::process::Stdio::null()),
        )?;
        for (kind, body) in [
            ("widget", format!(
                "<div data-trust-widget data-view=\"reviews\"></div>\n<script async src=\"/widget/loader.js\" \
                 data-manifest=\"/bench/manifest-{n}.json\" data-key=\"{}\" data-market=\"US\" data-locale=\"en\"></script>",
                public.trim()
            )),
            ("floor", format!(
                "<div data-floor data-manifest=\"/bench/manifest-{n}.json\"></div>\n<script src=\"/bench/floor.js\"></script>"
            )),
        ] {
            let html = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bench {kind} {n}</title>\
                 <link rel=\"icon\" href=\"data:,\"></head><body>\n{body}\n</body></html>\n"
            );
            fs::write(bench.join(format!("{kind}-{n}.html")), html)?;
        }
    }
    Ok(())
}
