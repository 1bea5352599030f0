//! The widget's styles: one constructable stylesheet per page, adopted by every
//! widget's shadow root. No `<style>` element and no style attributes, so the
//! widget works under `style-src 'self'` without `'unsafe-inline'`.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, ShadowRoot};

/// src/widget.css without comments and layout whitespace (minified by build.rs).
pub(crate) const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

thread_local! {
    static SHEET: Option<CssStyleSheet> = CssStyleSheet::new().ok().inspect(|s| {
        let _ = s.replace_sync(CSS);
    });
}

/// Adopts the shared stylesheet into a shadow root.
pub fn adopt(root: &ShadowRoot) {
    SHEET.with(|sheet| {
        if let Some(sheet) = sheet {
            let list = js_sys::Array::of1(sheet.unchecked_ref::<JsValue>());
            let _ = js_sys::Reflect::set(root, &"adoptedStyleSheets".into(), &list);
        }
    });
}
