//! `cargo xtask test [STEP...]`: every check, cheapest first, stopping at the first failure.
//!
//! To add a check, add a row to STEPS. A row is a name (what `cargo xtask test NAME`
//! matches and what the log prints) and a function.

use std::{path::Path, process::Command};

use anyhow::{bail, Context, Result};

use crate::{cargo, ensure, exec, root, timed};

type Step = (&'static str, fn() -> Result<()>);

const STEPS: &[Step] = &[
    ("fmt", || {
        exec(cargo().args(["fmt", "--all", "--check"])).context("`cargo fmt --all` fixes this")
    }),
    // The files pkg-config/options.toml generates (`cargo xtask gen`) are current.
    ("generated files", crate::contract::check),
    ("clippy", || {
        exec(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    }),
    // The widget's browser-only code (and tests/ files cfg'd to wasm32) is invisible to
    // the native clippy run above.
    ("clippy wasm32", || {
        ensure::wasm32_target()?;
        exec(cargo().args([
            "clippy",
            "-p",
            "trust-widget",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]))
    }),
    ("widget is verify-only", verify_only),
    ("shopify theme-check", shopify_theme_check),
    // The collector's tests run each case on SQLite and on a real PostgreSQL that
    // their harness starts (crates/collector/tests/collector/support/pg.rs); its review form is
    // tested in Chromium through playwright-core, so the npm packages come first.
    ("native tests", || {
        ensure::postgresql()?;
        ensure::npm_packages()?;
        ensure::chromium()?;
        exec(cargo().args(["test", "--workspace"]))
    }),
    // The manifest crate is shared with the widget, so it must build for the browser too.
    ("manifest wasm32", || {
        ensure::wasm32_target()?;
        exec(cargo().args([
            "build",
            "-p",
            "trust-manifest",
            "--target",
            "wasm32-unknown-unknown",
        ]))
    }),
    // Ten seconds per cargo-fuzz target; `cargo xtask fuzz --seconds N` runs longer.
    ("fuzz (short)", fuzz_short),
    ("widget build", || crate::build::run(false).map(drop)),
    ("size budget", crate::size::run),
    ("wasm tests in chromium", wasm_tests),
    ("page tests", page_tests),
    ("collector loop on postgresql", collector_loop_postgresql),
];

pub fn run(filters: &[String]) -> Result<()> {
    let selected: Vec<&Step> = STEPS
        .iter()
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
        .collect();
    if selected.is_empty() {
        let names: Vec<&str> = STEPS.iter().map(|(name, _)| *name).collect();
        bail!("no step matches {filters:?}; steps: {}", names.join(", "));
    }
    // A test run builds each target once and never edits it after: incremental caches
    // only cost disk (4 GB of a 14 GB target dir, measured 2026-12-06; CI ran out).
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        std::env::set_var("CARGO_INCREMENTAL", "0");
    }
    let started = std::time::Instant::now();
    for (name, step) in &selected {
        timed(name, step)?;
    }
    eprintln!(
        "\nall {} test steps passed in {:.0} s",
        selected.len(),
        started.elapsed().as_secs_f32()
    );
    Ok(())
}

/// Invariant 1 of ARCHITECTURE.md: the widget's build never enables the `sign`
/// feature of trust-manifest or of trust-tlog (the log's tree building and note
/// signing). Checked on cargo's resolved feature graph, and checked to be able to
/// see each feature at all (a graph that enables it must show it).
fn verify_only() -> Result<()> {
    let features_of = |args: &[&str], krate: &str| -> Result<String> {
        let mut cmd = cargo();
        cmd.args(["tree", "-q", "-e", "normal,features", "-i", krate]);
        cmd.args(args);
        let out = cmd.output().context("running cargo tree")?;
        if !out.status.success() {
            bail!(
                "cargo tree failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    // (crate, a graph that enables its sign feature)
    let checks: [(&str, &[&str]); 2] = [
        ("trust-manifest", &["-p", "trustctl"]),
        ("trust-tlog", &["-p", "trust-tlog", "--features", "sign"]),
    ];
    for (krate, signing) in checks {
        let sign = format!("{krate} feature \"sign\"");
        if !features_of(signing, krate)?.contains(&sign) {
            bail!("the check is blind: {signing:?}'s feature graph does not show {sign}");
        }
        let widget = features_of(
            &["-p", "trust-widget", "--target", "wasm32-unknown-unknown"],
            krate,
        );
        // A crate the widget does not link at all cannot be signing code in it.
        let widget = match widget {
            Ok(w) => w,
            Err(e) if e.to_string().contains("did not match any packages") => continue,
            Err(e) => return Err(e),
        };
        if widget.contains(&sign) {
            bail!("the widget links signing code ({sign}):\n{widget}");
        }
    }
    Ok(())
}

/// theme-check on the Shopify theme app extension (pkg-config/shopify), with no errors.
/// tests/shopify is its own npm package (theme-check and liquidjs stay out of the root's).
fn shopify_theme_check() -> Result<()> {
    let dir = root().join("tests/shopify");
    if !dir.join("node_modules").exists() {
        exec(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&dir),
        )
        .context("installing tests/shopify's npm packages")?;
    }
    exec(Command::new("node").arg(dir.join("check.mjs")))
}

/// Every fuzz target for 10 s (cargo-fuzz is installed from crates.io if missing).
/// libFuzzer needs a nightly toolchain; without one the step says how to get it and skips.
fn fuzz_short() -> Result<()> {
    if !ensure::has_nightly() {
        eprintln!(
            "skipped: fuzzing needs nightly (`rustup toolchain install nightly --profile minimal`)"
        );
        return Ok(());
    }
    crate::fuzz::run(10, &[])
}

/// wasm-bindgen-test suites of the widget crate, in headless Chromium through chromedriver.
fn wasm_tests() -> Result<()> {
    ensure::wasm32_target()?;
    ensure::chromium()?;
    ensure::wasm_bindgen_test_runner()?;
    // No `-q`: cargo would pass `--quiet` on, which wasm-bindgen-test-runner 0.2.130 rejects.
    // As root, the runner itself adds --headless, --no-sandbox and --disable-dev-shm-usage.
    exec(
        cargo()
            .args([
                "test",
                "-p",
                "trust-widget",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", ensure::CHROMEDRIVER),
    )
}

/// Whole-page tests (loader, CSP, Trusted Types, accessibility) driven by playwright-core
/// against Debian's Chromium; they read the build from target/www. `PAGE_CASES="a b"`
/// runs only the cases whose name contains one of the words (and builds only what
/// they need), e.g. `PAGE_CASES=host-isolation cargo xtask test page`.
fn page_tests() -> Result<()> {
    let script = root().join("tests/browser/run.mjs");
    if !script.exists() {
        eprintln!("skipped: {} does not exist yet", rel(&script));
        return Ok(());
    }
    ensure::npm_packages()?;
    ensure::chromium()?;
    // The screenshots show Japanese text as glyphs, not boxes.
    ensure::cjk_fonts()?;
    // The demo as `cargo xtask demo` serves it, the review collector included.
    let (addr, site, collector) = crate::collector_loop::serve_demo("127.0.0.1:0", None)?;
    let cases: Vec<String> = std::env::var("PAGE_CASES")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    // Whether a selected case needs what `case` (a case name, or the start of several)
    // needs: `yew-app` also covers `yew-app-lifecycle`.
    let wanted = |case: &str| {
        cases.is_empty()
            || cases
                .iter()
                .any(|c| case.contains(c.as_str()) || c.starts_with(case))
    };
    // The other surfaces' artefacts: the npm tarball and CDN layout (npm-vite and
    // cdn-sri cases), and the Yew example app (yew-app case).
    if wanted("npm-vite") || wanted("cdn-sri") {
        crate::dist::run()?;
    }
    if wanted("yew-app") {
        let yew_app = site.join("yew-app");
        crate::build::build_package("trust-widget-yew-example", &yew_app)?;
        let index = std::fs::read_to_string(root().join("examples/yew-app/index.html"))?;
        std::fs::write(
            yew_app.join("index.html"),
            index
                .replace("__GLUE__", "trust-widget.js")
                .replace("__WASM__", "trust-widget_bg.wasm"),
        )?;
    }
    exec(
        Command::new("node")
            .arg(&script)
            .args(&cases)
            .env("CHROMIUM", ensure::CHROMIUM)
            .env("BASE_URL", format!("http://{addr}"))
            .env("SITE_DIR", &site)
            .envs(collector.test_env()?),
    )
}

/// The collector-loop page test again, with the collector on a real PostgreSQL
/// that this step starts (`initdb` in a temporary directory; Debian's
/// `postgresql` is installed when missing and we are root).
fn collector_loop_postgresql() -> Result<()> {
    ensure::npm_packages()?;
    ensure::chromium()?;
    let cluster = crate::pg::Cluster::start()?;
    let (addr, site, collector) =
        crate::collector_loop::serve_demo("127.0.0.1:0", Some(&cluster.url))?;
    exec(
        Command::new("node")
            .arg(root().join("tests/browser/run.mjs"))
            .arg("collector-loop")
            .env("CHROMIUM", ensure::CHROMIUM)
            .env("BASE_URL", format!("http://{addr}"))
            .env("SITE_DIR", &site)
            .envs(collector.test_env()?),
    )
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}
