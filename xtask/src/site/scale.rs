//! The demo's brands at scale (ARCHITECTURE.md, "Paged reviews"), staged by
//! `site::stage`: generated reviews, published in pages by a demo collector.

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result};

use super::keygen;
use crate::{exec, read_json};

/// Brands at scale, generated deterministically from the outdoor brand's facts:
/// 100,000 and 10,000 reviews published in pages by the ReviewTrail collector
/// (`trustctl pages`; page 0 inline, the rest under `manifests/reviews/<brand>/`),
/// and 100 reviews in today's form, each attested in the manifest, to compare
/// first loads with. A tampered copy of one 100,000-brand page sits next to them.
pub(super) fn stage_scale(
    trustctl: &Path,
    keys: &Path,
    work: &Path,
    site: &Path,
    brand_keys: &mut std::collections::BTreeMap<String, String>,
) -> Result<()> {
    let product = "tent-ridgeline-2";
    let collector = keys.join("reviewtrail.key");
    let outdoor = work.join("northwind-outdoor.manifest.json");
    for (brand, count) in [
        ("northwind-100k", 100_000),
        ("northwind-10k", 10_000),
        ("northwind-100", 100),
    ] {
        brand_keys.insert(brand.into(), keygen(trustctl, keys, brand)?);
        let mut manifest = read_json(&outdoor)?;
        let map = manifest.as_object_mut().context("manifest")?;
        for field in [
            "reviews",
            "aggregates",
            "certifications",
            "media_mentions",
            "evidence",
        ] {
            map.remove(field);
        }
        manifest["issuer"]["id"] = brand.into();
        manifest["issuer"]["name"] = format!("Northwind Outdoor ({count} reviews)").into();
        let unsigned = work.join(format!("{brand}.manifest.json"));
        fs::write(&unsigned, serde_json::to_vec(&manifest)?)?;
        let reviews = scale_reviews(count, product);
        let mut sign = Command::new(trustctl);
        sign.arg("sign")
            .arg("--key")
            .arg(keys.join(format!("{brand}.key")));
        sign.args(["--expires-in", "7d", "--sequence", "1"]);
        if count > 100 {
            let input = work.join(format!("{brand}.reviews.json"));
            fs::write(&input, serde_json::to_vec(&reviews)?)?;
            let out = site.join("manifests/reviews").join(brand);
            exec(
                Command::new(trustctl)
                    .arg("pages")
                    .arg("--key")
                    .arg(&collector)
                    .args(["--brand", brand, "--product", product, "--page-size", "20"])
                    .arg("--root")
                    .arg(keys.join(format!("{brand}.pub")))
                    .args(["--url", &format!("reviews/{brand}/page-{{n}}.json")])
                    .arg(&input)
                    .arg("--out-dir")
                    .arg(&out)
                    .stdout(std::process::Stdio::null()),
            )?;
            let index = work.join(format!("{brand}.review-pages.json"));
            fs::rename(out.join("review-pages.json"), &index)?;
            sign.arg("--attach").arg(index);
        } else {
            let statements: Vec<serde_json::Value> = reviews
                .iter()
                .map(|r| serde_json::json!({ "subject": { "brand": brand, "product": product }, "review": r }))
                .collect();
            let mut histogram = [0u64; 5];
            for r in &reviews {
                histogram[r["reviewRating"]["ratingValue"].as_u64().unwrap_or(1) as usize - 1] += 1;
            }
            let aggregate = serde_json::json!({
                "subject": { "brand": brand, "product": product },
                "aggregate": { "ratingCount": count, "histogram": histogram, "asOf": "2026-10-31" },
            });
            for (name, value) in [
                ("reviews", serde_json::json!(statements)),
                ("aggregate", aggregate),
            ] {
                let input = work.join(format!("{brand}.{name}.statements.json"));
                fs::write(&input, serde_json::to_vec(&value)?)?;
                let out = work.join(format!("{brand}.{name}.dsse.json"));
                exec(
                    Command::new(trustctl)
                        .arg("attest")
                        .arg("--key")
                        .arg(&collector)
                        .arg("--root")
                        .arg(keys.join(format!("{brand}.pub")))
                        .arg(&input)
                        .arg("-o")
                        .arg(&out),
                )?;
                sign.arg("--attach").arg(out);
            }
        }
        let signed = site.join("manifests").join(format!("{brand}.json"));
        exec(
            sign.arg(&unsigned)
                .arg("-o")
                .arg(&signed)
                .stderr(std::process::Stdio::null()),
        )?;
    }
    // Page 1 of the 100,000 brand with one rating changed after the collector signed.
    let pages = site.join("manifests/reviews/northwind-100k");
    let mut page: serde_json::Value = read_json(&pages.join("page-1.json"))?;
    let text = page["page"].as_str().context("page text")?;
    let at = text.find("\"ratingValue\":").context("a rating")? + "\"ratingValue\":".len();
    let digit = if &text[at..at + 1] == "5" { "1" } else { "5" };
    page["page"] = format!("{}{digit}{}", &text[..at], &text[at + 1..]).into();
    fs::write(
        pages.join("page-1.tampered.json"),
        serde_json::to_vec(&page)?,
    )?;
    Ok(())
}

/// `count` reviews of `product`, the same ones on every run.
fn scale_reviews(count: usize, product: &str) -> Vec<serde_json::Value> {
    const BODIES: [(&str, &str, &str); 6] = [
        ("en", "Dry after two nights of rain", "Pitched it in ten minutes on the first try. Two nights of steady rain and everything inside stayed dry."),
        ("en", "Roomy for two", "Two adults and two packs fit without a fight. The vestibule is small for big boots."),
        ("de", "Stabil im Wind", "Auf dem Hochplateau bei starkem Wind aufgebaut: nichts hat geflattert, die Heringe hielten."),
        ("ja", "軽くて設営が簡単", "一人でも十分で設営できました。雨の夜も結露は少なめでした。"),
        ("fr", "Léger et bien pensé", "Montée rapide, bonne ventilation. Les sardines fournies sont un peu fines."),
        ("es", "Buena relación calidad-precio", "La usamos en la sierra una semana. Aguantó bien el viento y la lluvia."),
    ];
    const STARS: [u8; 10] = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (lang, title, body) = BODIES[(x % 6) as usize];
            serde_json::json!({
                "id": format!("nw-{i}"),
                "product": product,
                "reviewRating": { "ratingValue": STARS[((x >> 8) % 10) as usize] },
                "name": title,
                "reviewBody": body,
                "inLanguage": lang,
                "datePublished": format!("{}-{:02}-{:02}", 2026 - (i % 3), 1 + (i / 3) % 10, 1 + (i / 30) % 28),
                "author": format!("Shopper {}", i + 1),
                "verification": { "method": "order-invitation" },
            })
        })
        .collect()
}
