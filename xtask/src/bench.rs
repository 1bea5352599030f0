//! `cargo xtask bench [--loads N]`: what the widget costs a storefront, measured in
//! headless Chromium against the local server, written to target/bench/report.md
//! and report.json: bundle sizes, load time cold and warm against a plain-JS floor
//! (and where that time goes), scale, layout shift, long tasks, wasm memory,
//! Lighthouse on the demo product page with and without the widget, the same on a
//! phone (`tests/bench/phone.mjs`: CPU 4x, interactions, repeat visits), the
//! native verification medians from criterion, and the review collector's rows
//! (`bench_collector.rs`). Timings on shared machines are
//! noisy: the report gives medians and p95 over many loads, and ratios against a
//! floor measured in the same run.

use std::{fs, process::Command, time::Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::{cargo, ensure, exec, root, target_dir};

/// Review counts for the scale runs.
const SIZES: &[usize] = &[10, 100, 1_000, 10_000];

/// Lighthouse runs per variant (the median is reported).
const LIGHTHOUSE_RUNS: usize = 3;

/// The staged demo with the bench pages, served: (origin, site dir, output dir).
pub(crate) fn prepare() -> Result<(String, std::path::PathBuf, std::path::PathBuf)> {
    ensure::npm_packages()?;
    ensure::chromium()?;
    let addr = crate::serve::spawn(crate::site::site_dir(), "127.0.0.1:0")?;
    let origin = format!("http://{addr}");
    let site = crate::site::stage(&origin)?;
    stage_bench_pages(&site, &origin)?;
    stage_without_widget(&site)?;
    let out = target_dir().join("bench");
    fs::create_dir_all(&out)?;
    Ok((origin, site, out))
}

/// The phone rows (`tests/bench/phone.mjs`: CPU 4x and 1x on Lighthouse's mobile
/// screen, the floor in the same run, interactions, repeat visits): phone.md.
fn phone(origin: &str, out: &std::path::Path, loads: usize) -> Result<String> {
    let mut node = Command::new("node");
    node.arg(root().join("tests/bench/phone.mjs"))
        .env("CHROMIUM", ensure::CHROMIUM)
        .env("BASE_URL", origin)
        .env("OUT_DIR", out)
        .env("LOADS", loads.to_string());
    exec(&mut node)?;
    Ok(fs::read_to_string(out.join("phone.md"))?)
}

/// `cargo xtask bench phone [--loads N]`: only the phone rows (target/bench/phone.md).
pub fn phone_only(loads: usize) -> Result<()> {
    let (origin, _, out) = prepare()?;
    phone(&origin, &out, loads)?;
    println!("wrote {}", out.join("phone.md").display());
    Ok(())
}

pub fn run(loads: usize) -> Result<()> {
    let began = Instant::now();
    let (origin, site, out) = prepare()?;

    // Native verification first, on its own, so it competes with no browser.
    let criterion_began = Instant::now();
    exec(
        cargo()
            .env("CRITERION_HOME", target_dir().join("criterion"))
            .args([
                "bench",
                "--quiet",
                "-p",
                "trust-manifest",
                "--bench",
                "verify",
                "--",
                "--warm-up-time",
                "1",
                "--measurement-time",
                "3",
            ]),
    )?;
    let criterion_secs = criterion_began.elapsed().as_secs_f64();
    // The collector next, also before any browser runs (bench_collector.rs).
    let (collector, collector_md) = crate::bench_collector::run(&out)?;

    exec(
        Command::new("node")
            .arg(root().join("tests/bench/run.mjs"))
            .env("CHROMIUM", ensure::CHROMIUM)
            .env("BASE_URL", &origin)
            .env("SITE_DIR", &site)
            .env("OUT_DIR", &out)
            .env("ROOT", root())
            .env("LOADS", loads.to_string())
            .env("LIGHTHOUSE_RUNS", LIGHTHOUSE_RUNS.to_string())
            .env("CRITERION_DIR", target_dir().join("criterion"))
            .env("CRITERION_SECS", format!("{criterion_secs:.0}"))
            .env(
                "BEGAN_SECS_AGO",
                format!("{:.0}", began.elapsed().as_secs_f64()),
            )
            .env(
                "SIZES",
                SIZES
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
    )?;
    let phone_md = phone(&origin, &out, loads)?;
    // The review log's added first-view cost (bench_log.rs, tests/bench/log.mjs).
    let log_md = crate::bench_log::run(&origin, &site, &out, loads)?;
    // The phone's, the log's and the collector's rows after the widget's, in both reports.
    let report = out.join("report.md");
    let text = fs::read_to_string(&report).unwrap_or_default();
    fs::write(
        &report,
        format!("{text}\n{phone_md}\n{log_md}\n{collector_md}"),
    )?;
    let json_path = out.join("report.json");
    if let Ok(bytes) = fs::read(&json_path) {
        let mut all: Value = serde_json::from_slice(&bytes)?;
        all["collector"] = collector;
        all["phone"] = serde_json::from_slice(&fs::read(out.join("phone.json"))?)?;
        all["log"] = serde_json::from_slice(&fs::read(out.join("log.json"))?)?;
        fs::write(&json_path, serde_json::to_string_pretty(&all)?)?;
    }
    println!(
        "wrote {} in {:.0} s",
        out.join("report.md").display(),
        began.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `cargo xtask bench collector`: only the collector's rows.
pub fn collector_only() -> Result<()> {
    let out = target_dir().join("bench");
    fs::create_dir_all(&out)?;
    let (_, md) = crate::bench_collector::run(&out)?;
    println!("{md}\nwrote {}", out.join("collector.md").display());
    Ok(())
}

/// The demo product page without the widget (no loader script, no mount points),
/// next to the original so every relative URL resolves the same: Lighthouse's
/// "without" variant.
fn stage_without_widget(site: &std::path::Path) -> Result<()> {
    let mut html = fs::read_to_string(site.join("index.html"))?;
    let script = html
        .find("<script async src=\"/widget/loader.js\"")
        .context("index.html: the loader's script tag")?;
    let end = script + html[script..].find("</script>").context("</script>")? + "</script>".len();
    html.replace_range(script..end, "");
    while let Some(start) = html.find("<div data-trust-widget") {
        let end = start + html[start..].find("</div>").context("</div>")? + "</div>".len();
        html.replace_range(start..end, "");
    }
    fs::write(site.join("without-widget.html"), html)?;
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
            // The mount point's height reserved as README.md tells merchants to.
            ("widget", format!(
                "<style>[data-trust-widget][data-view=\"reviews\"] {{ min-height: 660px; }}</style>\n\
                 <div data-trust-widget data-view=\"reviews\"></div>\n<script async src=\"/widget/loader.js\" \
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
