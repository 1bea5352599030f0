//! The demo storefront's pages: each a template from `www/demo/` filled with a
//! brand, market and locale, with the partials every page shares.

use std::{collections::BTreeMap, fs, path::Path};

use anyhow::{Context, Result};

use crate::root;

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

pub(super) fn render_pages(site: &Path, keys: &BTreeMap<String, String>) -> Result<()> {
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
