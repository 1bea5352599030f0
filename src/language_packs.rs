//! Language packs over the network: the shopper's UI strings when they are not
//! compiled in (`trust_views::i18n`: the storefront wasm carries English only).
//! Fetched next to the JS glue, checked against the hash the build wrote into the
//! wasm, then installed for every widget on the page. Here, in the browser shell,
//! because the views never fetch.

use trust_views::error::WidgetError;
use trust_views::i18n::{install, parse_pack, Lang};

/// The directory of the language packs, relative to the JS glue (which sits next
/// to the wasm): `cargo xtask build` names it after the packs' content hash and
/// passes the name in at compile time, so a cached wasm never meets newer packs.
const PACK_DIR: &str = match option_env!("TW_I18N_DIR") {
    Some(dir) => dir,
    None => "i18n/",
};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The JS glue module's own URL (`import.meta.url`).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// The SHA-256 of every pack, `tag:hex` separated by spaces, as `cargo xtask build`
/// wrote them: a fetched pack is used only when its hash is the one here. The
/// loader checks the wasm's integrity, so this list is as trustworthy as the wasm,
/// and a changed pack (one that turns "Stated by the brand" into "Verified by TÜV")
/// fails the widget with `load-failed`.
const PACK_SHA256: &str = match option_env!("TW_I18N_SHA256") {
    Some(list) => list,
    None => "",
};

/// The SHA-256 (hex) `lang`'s pack must have; `None` when this build has none.
fn pack_hash(lang: Lang) -> Option<&'static str> {
    PACK_SHA256
        .split(' ')
        .find_map(|entry| entry.strip_prefix(lang.tag())?.strip_prefix(':'))
}

/// Where `lang`'s pack is: `<PACK_DIR><tag>.json` next to the glue.
fn pack_url(lang: Lang) -> Option<String> {
    let base = GLUE_URL.with(String::clone);
    let file = format!("{PACK_DIR}{}.json", lang.tag());
    web_sys::Url::new_with_base(&file, &base)
        .ok()
        .map(|u| u.href())
}

/// Starts loading `lang`'s pack (`loaded`), for a caller that awaits the outcome
/// later.
pub async fn load(lang: Lang, timeout_ms: u32) {
    let _ = loaded(lang, timeout_ms).await;
}

/// Makes `lang`'s strings available, fetching its pack (once per page) when they
/// are not compiled in. A pack that cannot be fetched or parsed, or that this
/// build has no hash for, leaves the language out: the views then speak English,
/// as for a language we have no strings for. A pack that arrives with another
/// hash than the build's is an error (`load-failed`): someone changed it.
pub async fn loaded(lang: Lang, timeout_ms: u32) -> Result<(), WidgetError> {
    if lang.strings().is_some() {
        return Ok(());
    }
    let (Some(url), Some(expected)) = (pack_url(lang), pack_hash(lang)) else {
        return Ok(());
    };
    let Ok(bytes) = crate::fetch::fetch_once(&url, 64 * 1024, timeout_ms).await else {
        return Ok(());
    };
    if trust_manifest::sha256_hex(&bytes) != expected {
        return Err(WidgetError::new(
            "load-failed",
            format!("{url}: changed since the build"),
        ));
    }
    // Another widget on the page may have installed it while this one waited.
    if lang.strings().is_none() {
        if let Some(strings) = parse_pack(&bytes) {
            install(lang, strings);
        }
    }
    Ok(())
}
