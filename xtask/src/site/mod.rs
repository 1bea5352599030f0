//! Stages the demo storefront in target/demo/site: the built widget, demo keys
//! (generated once, kept under target/, never committed), the sample manifests
//! attested by demo collectors and signed by demo brand keys, a tampered copy,
//! and the pages. `demo` serves it; the page tests run against it.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result};

mod fault_envelopes;
mod keys;
mod log_cases;
mod media;
mod scale;
mod static_html;
mod storefront;

use crate::build::copy_dir;
use crate::{cargo, exec, read_json, root, target_dir};
pub(crate) use keys::keygen;
use media::Media;
pub(crate) use storefront::{render_page, Page};

/// The directory `stage` fills.
pub fn site_dir() -> PathBuf {
    target_dir().join("demo/site")
}

/// Builds everything for pages served at `origin` (e.g. `http://127.0.0.1:8080`)
/// and returns the site directory. The origin is added to each manifest's
/// `allowed_origins` before signing: a brand signs for the shops it runs.
pub fn stage(origin: &str) -> Result<PathBuf> {
    crate::build::run(false)?;
    exec(cargo().args(["build", "--quiet", "-p", "trustctl"]))?;
    let trustctl = target_dir().join("debug/trustctl");
    let demo = target_dir().join("demo");
    let keys = demo.join("keys");
    let site = site_dir();
    let work = demo.join("work");
    if site.exists() {
        fs::remove_dir_all(&site)?;
    }
    for dir in [
        &keys,
        &work,
        &site.join("manifests"),
        &site.join(".well-known"),
    ] {
        fs::create_dir_all(dir)?;
    }
    let src = root().join("www/manifests/src");

    // Demo collectors: keys and the attester trust list the pages point at.
    let collectors: serde_json::Value = read_json(&src.join("collectors.json"))?;
    let mut attesters = Vec::new();
    for c in collectors["attesters"]
        .as_array()
        .context("collectors.json: attesters")?
    {
        let id = c["id"].as_str().context("collector id")?;
        let public = keygen(&trustctl, &keys, id)?;
        attesters.push(serde_json::json!({
            "name": c["name"], "url": c["url"], "kinds": c["kinds"], "key": public,
        }));
    }
    let trust_list = serde_json::json!({ "attesters": attesters });
    fs::write(
        site.join("attesters.json"),
        serde_json::to_string_pretty(&trust_list)?,
    )?;

    // The samples' photos live on fictional hosts; the demo serves stand-ins itself.
    let mut media = Media::new(origin, site.join("media"))?;

    // Brands: attest each collector's statements, then sign with the brand key.
    let mut brand_keys = std::collections::BTreeMap::new();
    for entry in fs::read_dir(&src)? {
        let dir = entry?.path();
        if !dir.join("manifest.json").is_file() {
            continue;
        }
        let brand = file_name(&dir);
        brand_keys.insert(brand.clone(), keygen(&trustctl, &keys, &brand)?);
        let mut sign = Command::new(&trustctl);
        sign.arg("sign")
            .arg("--key")
            .arg(keys.join(format!("{brand}.key")));
        sign.args(["--expires-in", "7d", "--sequence", "1"]);
        let attest_dir = dir.join("attest");
        if attest_dir.is_dir() {
            let mut files: Vec<PathBuf> = fs::read_dir(&attest_dir)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            files.sort();
            for file in files {
                let name = file_name(&file);
                let collector = name.split('.').next().unwrap_or_default().to_owned();
                let out = work.join(format!("{brand}--{name}"));
                let mut statements = read_json(&file)?;
                media.localize(&mut statements)?;
                let local = work.join(format!("{brand}--{name}.statements.json"));
                fs::write(&local, serde_json::to_vec_pretty(&statements)?)?;
                exec(
                    Command::new(&trustctl)
                        .arg("attest")
                        .arg("--key")
                        .arg(keys.join(format!("{collector}.key")))
                        // Bound to the brand's root (its one key in the demo).
                        .arg("--root")
                        .arg(keys.join(format!("{brand}.pub")))
                        .arg(&local)
                        .arg("-o")
                        .arg(&out),
                )?;
                sign.arg("--attach").arg(out);
            }
        }
        let mut manifest = read_json(&dir.join("manifest.json"))?;
        media.localize(&mut manifest)?;
        let origins = &mut manifest["issuer"]["allowed_origins"];
        if !origins.is_array() {
            *origins = serde_json::json!([]);
        }
        if let Some(list) = origins.as_array_mut() {
            list.push(origin.into());
        }
        let unsigned = work.join(format!("{brand}.manifest.json"));
        fs::write(&unsigned, serde_json::to_vec_pretty(&manifest)?)?;
        let signed = site.join("manifests").join(format!("{brand}.json"));
        exec(sign.arg(&unsigned).arg("-o").arg(&signed))?;
    }

    // The outdoor brand also publishes at the well-known locations, with a key set.
    let outdoor = "northwind-outdoor";
    fs::copy(
        site.join(format!("manifests/{outdoor}.json")),
        site.join(".well-known/trust-manifest.json"),
    )?;
    exec(
        Command::new(&trustctl)
            .arg("keys")
            .arg("--root")
            .arg(keys.join(format!("{outdoor}.key")))
            .arg("--add")
            .arg(keys.join(format!("{outdoor}.pub")))
            .args(["--issuer", outdoor, "-o"])
            .arg(site.join(".well-known/trust-keys.json")),
    )?;

    // A tampered copy: one byte of the signed payload changed, signature kept.
    let tampered =
        fault_envelopes::tamper(&fs::read(site.join(format!("manifests/{outdoor}.json")))?)?;
    fs::write(site.join("manifests/tampered.json"), tampered)?;
    brand_keys.insert("tampered".into(), brand_keys[outdoor].clone());
    let unsigned = work.join(format!("{outdoor}.manifest.json"));
    fault_envelopes::stage(&trustctl, &keys, &unsigned, &site)?;
    scale::stage_scale(&trustctl, &keys, &work, &site, &mut brand_keys)?;
    log_cases::stage(&unsigned, &site, origin, &mut brand_keys)?;

    storefront::render_pages(&site, &brand_keys)?;
    static_html::render_static(&trustctl, &keys, &site, origin)?;
    // Public keys, for test fixture pages (public keys are meant to be published).
    fs::write(
        site.join("keys.json"),
        serde_json::to_string_pretty(&brand_keys)?,
    )?;
    fs::copy(root().join("www/demo/demo.css"), site.join("demo.css"))?;
    copy_dir(&target_dir().join("www"), &site.join("widget"))?;
    Ok(site)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}
