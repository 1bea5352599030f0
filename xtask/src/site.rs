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

use crate::build::copy_dir;
use crate::{cargo, exec, root, target_dir};

/// One demo page: a template filled with a brand, market and locale.
pub(crate) struct Page {
    pub path: &'static str,
    pub template: &'static str,
    pub brand: &'static str,
    pub product: &'static str,
    pub market: &'static str,
    pub locale: &'static str,
    pub price: &'static str,
    pub price_note: &'static str,
}

const PAGES: &[Page] = &[
    Page {
        path: "index.html",
        template: "outdoor.html",
        brand: "northwind-outdoor",
        product: "tent-ridgeline-2",
        market: "US",
        locale: "en",
        price: "$349.00",
        price_note: "Free shipping over $75",
    },
    Page {
        path: "de/index.html",
        template: "outdoor.html",
        brand: "northwind-outdoor",
        product: "tent-ridgeline-2",
        market: "DE",
        locale: "de",
        price: "349,00 €",
        price_note: "inkl. MwSt.",
    },
    Page {
        path: "jp/index.html",
        template: "outdoor.html",
        brand: "northwind-outdoor",
        product: "tent-ridgeline-2",
        market: "JP",
        locale: "ja",
        price: "¥52,800",
        price_note: "税込",
    },
    Page {
        path: "skincare/index.html",
        template: "skincare.html",
        brand: "lumen-skin",
        product: "serum-bakuchiol",
        market: "FR",
        locale: "fr",
        price: "38,00 €",
        price_note: "TTC",
    },
    Page {
        path: "electronics/index.html",
        template: "electronics.html",
        brand: "voltwerk-electronics",
        product: "earbuds-pulse-anc",
        market: "US",
        locale: "en",
        price: "$129.00",
        price_note: "",
    },
    // Scale (ARCHITECTURE.md, "Paged reviews"): generated brands, staged by `stage_scale`.
    Page {
        path: "scale/index.html",
        template: "outdoor.html",
        brand: "northwind-100k",
        product: "tent-ridgeline-2",
        market: "US",
        locale: "en",
        price: "$349.00",
        price_note: "100,000 reviews, in pages",
    },
    Page {
        path: "scale/10k/index.html",
        template: "outdoor.html",
        brand: "northwind-10k",
        product: "tent-ridgeline-2",
        market: "US",
        locale: "en",
        price: "$349.00",
        price_note: "10,000 reviews, in pages",
    },
    Page {
        path: "scale/100/index.html",
        template: "outdoor.html",
        brand: "northwind-100",
        product: "tent-ridgeline-2",
        market: "US",
        locale: "en",
        price: "$349.00",
        price_note: "100 reviews, each attested in the manifest",
    },
    Page {
        path: "tampered/index.html",
        template: "tampered.html",
        brand: "tampered",
        product: "",
        market: "US",
        locale: "en",
        price: "",
        price_note: "",
    },
];

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
    let mut media = Media {
        origin: origin.to_owned(),
        dir: site.join("media"),
        count: 0,
    };
    fs::create_dir_all(&media.dir)?;

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
    let tampered = tamper(&fs::read(site.join(format!("manifests/{outdoor}.json")))?)?;
    fs::write(site.join("manifests/tampered.json"), tampered)?;
    brand_keys.insert("tampered".into(), brand_keys[outdoor].clone());
    let unsigned = work.join(format!("{outdoor}.manifest.json"));
    crate::faults::stage(&trustctl, &keys, &unsigned, &site)?;
    crate::site_scale::stage_scale(&trustctl, &keys, &work, &site, &mut brand_keys)?;

    render_pages(&site, &brand_keys)?;
    render_static(&trustctl, &keys, &site, origin)?;
    // Public keys, for test fixture pages (public keys are meant to be published).
    fs::write(
        site.join("keys.json"),
        serde_json::to_string_pretty(&brand_keys)?,
    )?;
    fs::copy(root().join("www/demo/demo.css"), site.join("demo.css"))?;
    copy_dir(&target_dir().join("www"), &site.join("widget"))?;
    Ok(site)
}

fn render_pages(site: &Path, keys: &std::collections::BTreeMap<String, String>) -> Result<()> {
    for page in PAGES {
        let key = keys
            .get(page.brand)
            .with_context(|| format!("no key for {}", page.brand))?;
        render_page(site, page, key)?;
    }
    Ok(())
}

/// Fills one page's template, with the partials shared by every page template
/// (the demo's navigation and the merchant's script tag), and writes it.
pub(crate) fn render_page(site: &Path, page: &Page, key: &str) -> Result<()> {
    let bar = fs::read_to_string(root().join("www/demo/_bar.html"))?;
    let loader = fs::read_to_string(root().join("www/demo/_loader.html"))?;
    let template = fs::read_to_string(root().join("www/demo").join(page.template))
        .with_context(|| format!("reading www/demo/{}", page.template))?;
    let html = template
        .replace("{{LOADER}}", loader.trim_end())
        .replace("{{LANG}}", page.locale)
        .replace("{{MARKET}}", page.market)
        .replace("{{LOCALE}}", page.locale)
        .replace("{{KEY}}", key.trim())
        .replace("{{MANIFEST}}", &format!("{}.json", page.brand))
        .replace("{{PRODUCT}}", page.product)
        .replace("{{PRICE}}", page.price)
        .replace("{{PRICE_NOTE}}", page.price_note)
        .replace("{{BAR}}", &bar_for(&bar, page.path));
    let out = site.join(page.path);
    fs::create_dir_all(out.parent().expect("page paths have a parent"))?;
    fs::write(out, html)?;
    Ok(())
}

/// Static HTML of the outdoor brand's views (`trustctl render`), as a merchant's
/// server would put in its pages: `static/<view>-<locale>.html`, one `<trust-widget>`
/// each, for the static-html page test; `static/tampered.html` points the live
/// widget at the tampered copy, so it must take the static content down. The
/// pages are served from `origin` (loopback), where the demo's own photos show.
fn render_static(trustctl: &Path, keys: &Path, site: &Path, origin: &str) -> Result<()> {
    let brand = "northwind-outdoor";
    let dir = site.join("static");
    fs::create_dir_all(&dir)?;
    let cases = [
        ("reviews", "US", "en", brand),
        ("full", "US", "en", brand),
        ("reviews", "DE", "de", brand),
        ("full", "DE", "de", brand),
        ("reviews", "JP", "ja", brand),
        ("full", "JP", "ja", brand),
        ("full", "US", "en", "tampered"),
    ];
    for (view, market, locale, manifest) in cases {
        let out = if manifest == brand {
            dir.join(format!("{view}-{locale}.html"))
        } else {
            dir.join(format!("{manifest}.html"))
        };
        exec(
            Command::new(trustctl)
                .arg("render")
                .arg("--key")
                .arg(keys.join(format!("{brand}.pub")))
                .arg("--trust")
                .arg(site.join("attesters.json"))
                .args(["--attesters-url", "/attesters.json"])
                .args(["--manifest-url", &format!("/manifests/{manifest}.json")])
                .args(["--view", view, "--market", market, "--locale", locale])
                .args(["--product", "tent-ridgeline-2"])
                .args(["--page-origin", origin])
                .arg(site.join(format!("manifests/{brand}.json")))
                .arg("-o")
                .arg(out),
        )?;
    }
    Ok(())
}

/// The navigation bar with `aria-current` on the link to `page_path`
/// (`de/index.html` is `/de/`).
fn bar_for(bar: &str, page_path: &str) -> String {
    let here = format!("/{}", page_path.trim_end_matches("index.html"));
    let mut out = String::with_capacity(bar.len());
    let mut rest = bar;
    while let Some(start) = rest.find("{{CURRENT:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "{{CURRENT:".len()..];
        let end = after.find("}}").unwrap_or(after.len());
        if after[..end] == here {
            out.push_str(" aria-current=\"page\"");
        }
        rest = after.get(end + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Generates NAME.key / NAME.pub once; returns the public key text.
pub(crate) fn keygen(trustctl: &Path, keys: &Path, name: &str) -> Result<String> {
    let public = keys.join(format!("{name}.pub"));
    if !public.exists() {
        exec(
            Command::new(trustctl)
                .arg("keygen")
                .arg("--out")
                .arg(keys.join(name)),
        )?;
    }
    Ok(fs::read_to_string(public)?.trim().to_owned())
}

/// Flips one character inside the payload's base64 (a rating digit's encoding
/// changes, the signature does not), keeping the JSON valid.
pub(crate) fn tamper(envelope: &[u8]) -> Result<Vec<u8>> {
    let mut env: serde_json::Value = serde_json::from_slice(envelope)?;
    let payload = env["payload"].as_str().context("payload")?.to_owned();
    let mid = payload.len() / 2;
    let mut bytes = payload.into_bytes();
    bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
    env["payload"] = serde_json::Value::String(String::from_utf8(bytes)?);
    Ok(serde_json::to_vec(&env)?)
}

/// Rewrites image URLs (review photos, video posters) to stand-in SVGs served by
/// the demo, with their sha256, before anything is signed.
struct Media {
    origin: String,
    dir: PathBuf,
    count: usize,
}

impl Media {
    fn localize(&mut self, v: &mut serde_json::Value) -> Result<()> {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Array(photos)) = map.get_mut("photos") {
                    for photo in photos {
                        let (url, sha) = self.stand_in()?;
                        photo["url"] = url.into();
                        photo["sha256"] = sha.into();
                    }
                }
                if map.get("poster").is_some_and(|p| p.is_string()) {
                    map.insert("poster".into(), self.stand_in()?.0.into());
                }
                for value in map.values_mut() {
                    self.localize(value)?;
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.localize(item)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A small landscape in one of a few palettes; returns its URL and sha256.
    fn stand_in(&mut self) -> Result<(String, String)> {
        const PALETTES: [(&str, &str, &str); 5] = [
            ("#dfe7dc", "#9fb79a", "#2f6b4f"),
            ("#efe6dc", "#d7c2a8", "#8a5a3c"),
            ("#e3e6ec", "#b7bfcc", "#3b414c"),
            ("#e6eef2", "#a9c6d3", "#2c5d73"),
            ("#f1e9e4", "#d9b9a9", "#7b4b3a"),
        ];
        self.count += 1;
        let (sky, hill, shape) = PALETTES[self.count % PALETTES.len()];
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 120\">\
             <rect width=\"160\" height=\"120\" fill=\"{sky}\"/>\
             <path d=\"M0 90 Q40 70 80 85 T160 80 V120 H0Z\" fill=\"{hill}\"/>\
             <path d=\"M40 92 L80 40 L120 92Z\" fill=\"{shape}\"/></svg>"
        );
        let name = format!("photo-{}.svg", self.count);
        fs::write(self.dir.join(&name), &svg)?;
        let sha = sha2_hex(svg.as_bytes());
        Ok((format!("{}/media/{name}", self.origin), sha))
    }
}

pub(crate) fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) fn read_json(path: &Path) -> Result<serde_json::Value> {
    let text = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_slice(&text).with_context(|| format!("parsing {}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::bar_for;

    #[test]
    fn the_bar_marks_the_current_page_only() {
        let bar = r#"<a href="/"{{CURRENT:/}}>a</a><a href="/de/"{{CURRENT:/de/}}>b</a>"#;
        assert_eq!(
            bar_for(bar, "de/index.html"),
            r#"<a href="/">a</a><a href="/de/" aria-current="page">b</a>"#
        );
        assert_eq!(
            bar_for(bar, "index.html"),
            r#"<a href="/" aria-current="page">a</a><a href="/de/">b</a>"#
        );
    }
}
