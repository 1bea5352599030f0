//! Repeat visits. V8 keeps a compiled wasm module in the browser's code cache
//! only once some of its code has tiered up to TurboFan (1,000 bytes, then 2 s
//! with no more: `wasm_caching_threshold`, `wasm_caching_timeout_ms`), and the
//! entry marks every function the visit ran as eager, so the next visit (a new
//! tab, the wasm from the HTTP cache) compiles them off the main thread instead
//! of lazily inside its own tasks. A widget runs each function a few times, so
//! nothing tiers up by itself and no entry is ever written (`cargo xtask bench`,
//! repeat visits, traced). Once per page, after the first view is complete, this
//! hashes 1 MiB in idle slices: SHA-256's block function, which verification
//! already uses, then tiers up, and the module is cached.

use std::cell::Cell;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Bytes hashed per idle slice (about 1 ms in the baseline tier), and slices.
const SLICE: usize = 64 * 1024;
const SLICES: usize = 16;

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Starts the warm-up, once per page.
pub fn warm_once() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let block = vec![0u8; SLICE];
        for _ in 0..SLICES {
            idle().await;
            std::hint::black_box(trust_manifest::sha256_hex(std::hint::black_box(&block)));
        }
    });
}

/// Resolves in an idle period (`requestIdleCallback`), or after 50 ms where
/// the browser has none (Safari).
async fn idle() {
    let global = js_sys::global();
    let ric = js_sys::Reflect::get(&global, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(ric) = ric {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = ric.call1(&JsValue::UNDEFINED, &resolve);
        });
        if JsFuture::from(promise).await.is_ok() {
            return;
        }
    }
    yew::platform::time::sleep(std::time::Duration::from_millis(50)).await;
}
