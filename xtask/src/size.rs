//! `cargo xtask size`: what the widget costs a storefront, checked against
//! pkg-config/size-budget.toml.
//!
//! Brotli is what CDNs serve to browsers, so the budget is in brotli bytes; raw and gzip
//! are printed because raw drives parse/compile time and some hosts only gzip.
//!
//! Three sums (issue 17): what a summary view loads before it renders (loader,
//! glue, main wasm, a language pack), what the full view loads (the same and the
//! views' chunk, `build/split.rs`), and every file a page can download. A shopper
//! downloads at most one language pack (none in English): the largest counts.

use std::{fs, io::Write};

use anyhow::{bail, Context, Result};

use crate::{root, www_dir};

/// Budgets are in KB of 1000 bytes, as the budget file says.
const KB: f64 = 1000.0;

struct Row {
    label: &'static str,
    file: String,
    raw: usize,
    gzip: usize,
    brotli: usize,
}

pub fn run() -> Result<()> {
    let manifest = read_manifest()?;
    let name = |key: &str| manifest[key].as_str().map(str::to_string);

    let mut rows = Vec::new();
    let files = [
        ("loader", name("loader")),
        ("glue", name("glue")),
        ("wasm", name("wasm")),
    ];
    for (label, file) in files {
        let Some(file) = file else {
            eprintln!("note: no {label} in target/www/manifest.json; not counted");
            continue;
        };
        rows.push(measure(label, file)?);
    }
    let packs = manifest["i18n"].as_object().cloned().unwrap_or_default();
    let mut largest: Option<Row> = None;
    for file in packs.values().filter_map(|f| f.as_str()) {
        let row = measure("i18n", file.to_owned())?;
        if largest.as_ref().is_none_or(|l| row.brotli > l.brotli) {
            largest = Some(row);
        }
    }
    if let Some(row) = largest {
        println!("(i18n: the largest of {} language packs)", packs.len());
        rows.push(row);
    }
    let summary = sum("summary", &rows);
    let chunks = manifest["chunks"].as_array().cloned().unwrap_or_default();
    for file in chunks.iter().filter_map(|f| f.as_str()) {
        rows.push(measure("chunk", file.to_owned())?);
    }
    // Every view but the summary needs every chunk (there is one split point).
    let full = sum("full", &rows);
    let total = sum("total", &rows);
    print_table(&rows, &[&summary, &full, &total]);
    check_budget(&rows, &[&summary, &full, &total])
}

fn sum(label: &'static str, rows: &[Row]) -> Row {
    Row {
        label,
        file: String::new(),
        raw: rows.iter().map(|r| r.raw).sum(),
        gzip: rows.iter().map(|r| r.gzip).sum(),
        brotli: rows.iter().map(|r| r.brotli).sum(),
    }
}

fn measure(label: &'static str, file: String) -> Result<Row> {
    let bytes = fs::read(www_dir().join(&file)).with_context(|| format!("reading {file}"))?;
    Ok(Row {
        label,
        raw: bytes.len(),
        gzip: gzip_len(&bytes)?,
        brotli: brotli_len(&bytes)?,
        file,
    })
}

/// Builds first when there is nothing to measure, or only a `--dev` build
/// (unoptimised, debug info), whose sizes mean nothing.
fn read_manifest() -> Result<serde_json::Value> {
    let path = www_dir().join("manifest.json");
    let read = || -> Result<serde_json::Value> {
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        Ok(serde_json::from_str(&text)?)
    };
    if path.exists() {
        let manifest = read()?;
        if manifest["profile"] == "release" {
            return Ok(manifest);
        }
        eprintln!("target/www holds a --dev build; building release first");
    } else {
        eprintln!("{} is missing; building first", path.display());
    }
    crate::build::run(false)?;
    read()
}

fn print_table(rows: &[Row], sums: &[&Row]) {
    let width = rows.iter().map(|r| r.file.len()).max().unwrap_or(0).max(19);
    println!(
        "{:<7} {:<width$} {:>9} {:>9} {:>9}",
        "part", "file", "raw", "gzip", "brotli"
    );
    for row in rows {
        println!(
            "{:<7} {:<width$} {:>9} {:>9} {:>9}",
            row.label, row.file, row.raw, row.gzip, row.brotli
        );
    }
    for row in sums {
        println!(
            "{:<7} {:<width$} {:>9} {:>9} {:>9}",
            row.label,
            "(KB, 1 KB = 1000 B)",
            kb(row.raw),
            kb(row.gzip),
            kb(row.brotli)
        );
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / KB)
}

fn check_budget(rows: &[Row], sums: &[&Row]) -> Result<()> {
    let path = root().join("pkg-config/size-budget.toml");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let budget: toml::Table = text
        .parse()
        .with_context(|| format!("parsing {}", path.display()))?;
    let limit = |key: &str| -> Result<f64> {
        match budget.get(key) {
            Some(toml::Value::Integer(n)) => Ok(*n as f64),
            Some(toml::Value::Float(n)) => Ok(*n),
            _ => bail!("{} lacks a number `{key}`", path.display()),
        }
    };

    let mut over = Vec::new();
    let mut check = |what: &str, bytes: usize, key: &str| -> Result<()> {
        let limit_kb = limit(key)?;
        let used = bytes as f64 / KB;
        let verdict = if used > limit_kb { "OVER" } else { "ok" };
        println!("budget {key:<18} {used:>7.1} of {limit_kb:>5} KB brotli  {verdict}");
        if used > limit_kb {
            over.push(format!(
                "{what} is {used:.1} KB brotli, budget {limit_kb} KB ({key})"
            ));
        }
        Ok(())
    };
    for sum in sums {
        let key = format!("{}_brotli_kb", sum.label);
        check(sum.label, sum.brotli, &key)?;
    }
    if let Some(loader) = rows.iter().find(|r| r.label == "loader") {
        check("loader.js", loader.brotli, "loader_brotli_kb")?;
    }
    if !over.is_empty() {
        bail!(
            "over the size budget: {}. Shrink the widget, or raise the budget in {} with a reason",
            over.join("; "),
            path.display()
        );
    }
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

/// Brotli at quality 11 with a 4 MiB window (lgwin 22), as `brotli -q 11` and CDNs' static
/// compression do.
pub fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}
