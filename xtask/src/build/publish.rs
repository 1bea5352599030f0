//! The build's output in target/www: hashed files, the loader, language packs, manifest.json.

use std::{fs, path::Path};

use anyhow::{ensure, Context, Result};

use super::integrity::{hash8, sri_sha256};
use super::js::{minify, stage_loader};
use super::split::inline_link;
use super::{Built, STEM};
use crate::packs::Packs;
use crate::{root, www_dir};

/// The split's parts (`split.rs`): its link module as written and each chunk,
/// optimised, under the name the link module knows it by.
pub(super) struct SplitParts {
    pub link: String,
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// Writes hashed files and manifest.json into a fresh target/www.
pub(super) fn publish(
    staged: &Path,
    (wasm, glue, split): (&[u8], &str, Option<&SplitParts>),
    (i18n_dir, packs): (&str, &Packs),
    dev: bool,
) -> Result<Built> {
    let www = www_dir();
    if www.exists() {
        fs::remove_dir_all(&www)?; // old hashed files must not linger and be measured
    }
    fs::create_dir_all(&www)?;

    let wasm_name = format!("{STEM}_bg.{}.wasm", hash8(wasm));
    // The glue's fallback `new URL('trust-widget_bg.wasm', import.meta.url)` must point at
    // the hashed file, or `init()` without an explicit URL would 404. The wasm is hashed
    // first so that the glue's own hash covers the name it loads.
    let default_name = format!("{STEM}_bg.wasm");
    let mut glue = glue.replace(&default_name, &wasm_name);
    ensure!(
        !glue.contains(&default_name),
        "the glue still refers to {default_name}"
    );
    // The chunks first, then the split's link module, which names them and their
    // integrity, into the glue (`split.rs`).
    let mut chunk_names = Vec::new();
    if let Some(parts) = split {
        let mut chunks = Vec::new();
        for (file, bytes) in &parts.chunks {
            let stem = file.trim_end_matches(".wasm");
            let name = format!("{STEM}_{stem}.{}.wasm", hash8(bytes));
            fs::write(www.join(&name), bytes)?;
            chunks.push((file.clone(), name.clone(), sri_sha256(bytes)));
            chunk_names.push(name);
        }
        glue = inline_link(&glue, &parts.link, &chunks)?;
    }
    // Minified before hashing, so the name covers the bytes shoppers get.
    let glue = if dev {
        glue
    } else {
        minify(&glue, &["--format=esm"]).context("minifying the JS glue")?
    };
    let glue_name = format!("{STEM}.{}.js", hash8(glue.as_bytes()));
    fs::write(www.join(&wasm_name), wasm)?;
    fs::write(www.join(&glue_name), &glue)?;

    // `#[wasm_bindgen(inline_js)]` and `module = "/x.js"` imports land in snippets/,
    // which the glue imports by relative path.
    // The loader checks the integrity of the glue and the wasm only: a module the
    // glue imported on its own would run unchecked, so there must be none.
    let snippets = staged.join("snippets");
    ensure!(
        !snippets.exists(),
        "wasm-bindgen wrote JS snippets ({}), which the glue would import without \
         integrity; preload them with `integrity` in www/loader.js before allowing this",
        snippets.display()
    );

    let loader_src = root().join("www/loader.js");
    let loader = if loader_src.exists() {
        // SHA-256 rather than the SHA-384 of `integrity.json`: as strong for this, and
        // 40 fewer incompressible bytes in a file every page view downloads.
        let assets = [
            (glue_name.as_str(), sri_sha256(glue.as_bytes())),
            (wasm_name.as_str(), sri_sha256(wasm)),
        ];
        fs::write(www.join("loader.js"), stage_loader(&assets, !dev)?)?;
        Some("loader.js".to_string())
    } else {
        None
    };

    fs::create_dir_all(www.join(i18n_dir))?;
    let mut i18n = serde_json::Map::new();
    for (tag, json) in packs.iter() {
        let file = format!("{i18n_dir}/{tag}.json");
        fs::write(www.join(&file), json)?;
        i18n.insert(tag.clone(), file.into());
    }

    let size_of = |name: &str| -> Result<u64> { Ok(fs::metadata(www.join(name))?.len()) };
    let mut sizes = serde_json::Map::new();
    let files = i18n.values().filter_map(|f| f.as_str().map(str::to_owned));
    for name in [glue_name.clone(), wasm_name.clone()]
        .into_iter()
        .chain(loader.clone())
        .chain(files)
        .chain(chunk_names.clone())
    {
        sizes.insert(name.clone(), size_of(&name)?.into());
    }
    let manifest = serde_json::json!({
        "profile": if dev { "dev" } else { "release" },
        "glue": glue_name,
        "wasm": wasm_name,
        "loader": loader,
        // Language packs by tag: a shopper downloads at most one (none in English).
        "i18n": i18n,
        // The views a summary does not need, loaded when a mount shows one
        // (`cargo xtask size` counts them apart).
        "chunks": chunk_names,
        "sizes": sizes,
    });
    fs::write(
        www.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    Ok(Built {
        glue: glue_name,
        wasm: wasm_name,
        loader,
        i18n: packs
            .iter()
            .map(|(tag, _)| format!("{i18n_dir}/{tag}.json"))
            .collect(),
        chunks: chunk_names,
    })
}
