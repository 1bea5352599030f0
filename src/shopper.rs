//! The shopper's market and language when the embed leaves them on `auto`:
//! market from the embed, else `window.Shopify.country`, else the region of the
//! browser language; locale from the embed, else `navigator.languages`.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The market to use (upper-case ISO 3166-1 alpha-2), `US` as the last resort.
pub fn market(configured: Option<&str>, locale: &str) -> String {
    if let Some(m) = configured {
        return m.to_ascii_uppercase();
    }
    if let Some(c) = shopify_country() {
        return c;
    }
    region_of(locale)
        .or_else(|| browser_languages().iter().find_map(|l| region_of(l)))
        .unwrap_or_else(|| "US".to_owned())
}

/// The locale to use: the configured one, else the browser's first language.
pub fn locale(configured: Option<&str>) -> String {
    configured
        .map(str::to_owned)
        .or_else(|| browser_languages().into_iter().next())
        .unwrap_or_else(|| "en".to_owned())
}

fn shopify_country() -> Option<String> {
    let shopify = Reflect::get(&js_sys::global(), &JsValue::from_str("Shopify")).ok()?;
    let c = Reflect::get(&shopify, &JsValue::from_str("country"))
        .ok()?
        .as_string()?;
    (c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic())).then(|| c.to_ascii_uppercase())
}

fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

/// `de-AT` → `AT`; `ja` → `JP` (a language's main market when it has no region).
fn region_of(locale: &str) -> Option<String> {
    let mut parts = locale.split(['-', '_']).skip(1);
    if let Some(r) = parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic())) {
        return Some(r.to_ascii_uppercase());
    }
    let main = match locale
        .split(['-', '_'])
        .next()?
        .to_ascii_lowercase()
        .as_str()
    {
        "de" => "DE",
        "fr" => "FR",
        "ja" => "JP",
        "ko" => "KR",
        "it" => "IT",
        "es" => "ES",
        "nl" => "NL",
        "sv" => "SE",
        "th" => "TH",
        "vi" => "VN",
        "id" => "ID",
        "ms" => "MY",
        "ar" => "AE",
        "zh" => "CN",
        _ => return None,
    };
    Some(main.to_owned())
}

/// The page's origin when the page is served from loopback (local development,
/// the demo), else `None` (`Ctx::local_origin`).
pub fn local_origin() -> Option<String> {
    let origin = web_sys::window()?.location().origin().ok()?;
    trust_manifest::url::local_origin(&origin).map(str::to_owned)
}
