//! `cargo xtask dist`: the published artefacts, from one build.
//!
//! - target/dist/npm/ and target/dist/trust-widget-<version>.tgz (`npm pack`): the ES
//!   module package; its config lives in pkg-config/npm/, apart from dev config.
//! - target/dist/cdn/trust-widget/<version>/: loader.js plus the content-hashed glue
//!   and wasm, `integrity.json` (Subresource Integrity of every file), `_headers`
//!   (the cache policy) and `snippet.html` (the script tag with `integrity`).

use std::{fs, path::PathBuf, process::Command};

use anyhow::{ensure, Context, Result};

use crate::{exec, root, target_dir};

const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn run() -> Result<PathBuf> {
    let built = crate::build::run(false)?;
    let www = target_dir().join("www");
    let dist = target_dir().join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }

    // npm: plain file names (the module resolves the wasm relative to itself).
    let npm = dist.join("npm");
    fs::create_dir_all(&npm)?;
    for file in ["index.d.ts", "README.md"] {
        fs::copy(root().join("pkg-config/npm").join(file), npm.join(file))?;
    }
    fs::copy(root().join("www/embed.js"), npm.join("embed.js"))?;
    // Every language compiled in: a bundler cannot see language packs fetched at run
    // time, so the npm wasm carries them (the CDN build fetches one pack instead).
    crate::build::build_bundled(&npm)?;
    // The entry fetches the wasm with its integrity: bundlers emit the wasm as it is
    // (a renamed asset), while the glue becomes part of the app's own bundle.
    let wasm_sri = crate::build::sri(&fs::read(npm.join("trust-widget_bg.wasm"))?);
    let entry = fs::read_to_string(root().join("pkg-config/npm/index.js"))?;
    ensure!(
        entry.matches("__TW_WASM_SRI__").count() == 1,
        "pkg-config/npm/index.js must name __TW_WASM_SRI__ once"
    );
    fs::write(
        npm.join("index.js"),
        entry.replace("__TW_WASM_SRI__", &wasm_sri),
    )?;
    let package = fs::read_to_string(root().join("pkg-config/npm/package.json"))?.replace(
        "\"version\": \"0.0.0\"",
        &format!("\"version\": \"{VERSION}\""),
    );
    fs::write(npm.join("package.json"), package)?;
    exec(
        Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&dist)
            .current_dir(&npm),
    )?;

    // CDN: a versioned directory; hashed names are immutable, loader.js is not.
    let cdn = dist.join("cdn/trust-widget").join(VERSION);
    fs::create_dir_all(&cdn)?;
    let loader = built
        .loader
        .as_deref()
        .context("the build has no loader.js")?;
    let mut integrity = serde_json::Map::new();
    let packs = built.i18n.iter().cloned();
    for file in [loader.to_owned(), built.glue.clone(), built.wasm.clone()]
        .into_iter()
        .chain(packs)
        .chain(built.chunks.iter().cloned())
    {
        let file = file.as_str();
        let bytes = fs::read(www.join(file))?;
        if let Some(dir) = cdn.join(file).parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(cdn.join(file), &bytes)?;
        integrity.insert(file.to_owned(), crate::build::sri(&bytes).into());
    }
    fs::write(
        cdn.join("integrity.json"),
        serde_json::to_string_pretty(&integrity)? + "\n",
    )?;
    fs::write(
        cdn.join("_headers"),
        format!(
            "# Cache policy for a CDN (Netlify/Cloudflare Pages syntax; the same values apply anywhere).\n\
             /trust-widget/{VERSION}/loader.js\n  Cache-Control: public, max-age=300\n  Access-Control-Allow-Origin: *\n\
             /trust-widget/{VERSION}/trust-widget*\n  Cache-Control: public, max-age=31536000, immutable\n  Access-Control-Allow-Origin: *\n\
             /trust-widget/{VERSION}/*.wasm\n  Content-Type: application/wasm\n"
        ),
    )?;
    fs::write(
        cdn.join("snippet.html"),
        format!(
            "<div data-trust-widget data-view=\"full\"></div>\n\
             <script async src=\"https://cdn.example/trust-widget/{VERSION}/{loader}\"\n        \
             integrity=\"{}\" crossorigin=\"anonymous\"\n        \
             data-manifest=\"/.well-known/trust-manifest.json\" data-key=\"ed25519:BASE64_PUBLIC_KEY\"></script>\n",
            integrity[loader].as_str().unwrap_or_default()
        ),
    )?;
    println!("dist: {}", dist.display());
    Ok(dist)
}
