//! What the host page hears: one console warning on failure, prefixed
//! `[trust-widget]`, and DOM events `trust-widget:verified` / `trust-widget:error`
//! on the host element (bubbling, composed) whose `detail` carries stable fields.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

use trust_views::{Trust, WidgetError};

fn set(obj: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

fn dispatch(host: &Element, name: &str, detail: &Object) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Announces a verified manifest.
pub fn verified(host: &Element, trust: &Trust) {
    let detail = Object::new();
    set(&detail, "issuer", JsValue::from_str(&trust.issuer().id));
    set(&detail, "name", JsValue::from_str(&trust.issuer().name));
    set(
        &detail,
        "sequence",
        JsValue::from_f64(trust.sequence() as f64),
    );
    set(
        &detail,
        "expires",
        JsValue::from_str(&trust.expires_at().to_string()),
    );
    set(
        &detail,
        "keyId",
        JsValue::from_str(&trust.signer().key_id()),
    );
    dispatch(host, "trust-widget:verified", &detail);
}

/// Reports a failure: exactly one console warning and one event per mount.
pub fn failed(host: &Element, error: &WidgetError) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("[trust-widget] {error}")));
    let detail = Object::new();
    set(&detail, "code", JsValue::from_str(error.code));
    set(&detail, "message", JsValue::from_str(&error.message));
    dispatch(host, "trust-widget:error", &detail);
}
