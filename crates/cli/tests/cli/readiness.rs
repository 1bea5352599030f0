//! `trustctl report` outputs that transcripts cannot judge well: the HTML page
//! is well-formed and escapes manifest text, and the text report of every sample
//! fits 80 columns.

use crate::support;

use std::path::{Path, PathBuf};

use support::html::assert_document;
use support::scratch;

/// `trustctl` in the package directory (the sample paths are absolute).
fn trustctl(args: &[&str]) -> (i32, String, String) {
    support::trustctl(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn samples() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/manifests/src");
    ["northwind-outdoor", "lumen-skin", "voltwerk-electronics"]
        .iter()
        .map(|b| src.join(b).join("manifest.json"))
        .collect()
}

const HOSTILE: &str = "<script>alert('x')</script>";

/// A manifest whose every free-text field a report prints carries markup.
fn hostile_manifest(dir: &Path) -> PathBuf {
    let manifest = serde_json::json!({
        "issuer": {
            "id": "hostile\"><b>",
            "name": format!("Brand {HOSTILE}"),
            "website": "https://hostile.example",
            "registration": {"number": "1 & 2", "country": "DE", "registry": format!("Reg {HOSTILE}")}
        },
        "company": {"support": [{"kind": "email", "address": "a@hostile.example", "languages": ["de"]}]},
        "certifications": [{"certification": {
            "id": "c1", "name": format!("Cert \u{1b}[31m{HOSTILE}"), "scheme": "OEKO-TEX STANDARD 100",
            "kind": "material", "issuedBy": {"name": "Lab \"quoted\" <i>"}, "expires": "2030-01-01"
        }}],
        "reviews": [{"review": {
            "id": "r1\"><script>", "reviewRating": {"ratingValue": 5}, "reviewBody": format!("I work at the brand {HOSTILE}"),
            "inLanguage": "de", "market": "DE", "datePublished": "2026-10-01", "author": HOSTILE
        }}],
        "policies": [{"applicableCountry": ["DE"], "returns": {
            "returnPolicyCategory": "finite-window", "merchantReturnDays": 14, "returnFees": "fixed-fee",
            "returnShippingFeesAmount": {"amount": "<b>4</b>", "currency": "EUR"},
            "steps": [HOSTILE], "inLanguage": "de"
        }, "shipping": {"shipFrom": "FR", "deliveryDays": {"min": 1, "max": 2}, "carrier": HOSTILE}}],
        "media_mentions": [{"outlet": HOSTILE, "title": "t", "url": "https://m.example/a"}],
        "evidence": [],
        "limitations": [{"text": HOSTILE, "inLanguage": "de"}]
    });
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    path
}

#[test]
fn html_escapes_manifest_text() {
    let dir = scratch("readiness-escape");
    let path = hostile_manifest(&dir);
    let (code, html, err) = trustctl(&[
        "report",
        "--at",
        "2026-11-22",
        "--format",
        "html",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!html.contains("<script"), "unescaped <script> in:\n{html}");
    assert!(
        !html.contains("<b>") && !html.contains("<i>"),
        "unescaped markup"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("Brand &lt;script&gt;"));
    // No external assets: nothing is fetched from anywhere (the icon is an empty data: URL).
    let html_without_icon = html.replace("<link rel=\"icon\" href=\"data:,\">", "");
    for needle in ["src=", "<link", "@import", "url(", "href=\"http"] {
        assert!(!html_without_icon.contains(needle), "{needle} in the page");
    }
    assert_document(&html, "report --html");
    // The text format never passes control characters through to a terminal.
    let (_, text, _) = trustctl(&["report", "--at", "2026-11-22", path.to_str().unwrap()]);
    assert!(!text.contains('\u{1b}'), "escape sequence in text output");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn html_of_every_sample_is_well_formed() {
    for sample in samples() {
        let (code, html, err) = trustctl(&[
            "report",
            "--at",
            "2026-11-22",
            "--format",
            "html",
            sample.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{}: {err}", sample.display());
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<svg") && html.contains("<rect"));
        assert_document(&html, "report --html");
    }
}

#[test]
fn text_of_every_sample_fits_80_columns() {
    for sample in samples() {
        let (code, text, err) =
            trustctl(&["report", "--at", "2026-11-22", sample.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {err}", sample.display());
        for line in text.lines() {
            assert!(width(line) <= 80, "{}: {line:?}", sample.display());
        }
    }
    let (_, help, _) = trustctl(&["report", "--help"]);
    for line in help.lines() {
        assert!(width(line) <= 80, "--help: {line:?}");
    }
}

/// Terminal columns: CJK wide characters take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}
