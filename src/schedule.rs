//! Giving the host page a turn between the widget's steps, so that no step and
//! its first-run compile (V8 compiles each wasm function lazily, on the main
//! thread, on its first call) makes a task over 50 ms on a phone.
//!
//! `scheduler.yield()` where the browser has it (Chromium 129+): the rest runs
//! ahead of other queued tasks but after input and rendering; elsewhere a
//! zero-delay timeout.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Ends the current task; resolves in a later one.
pub async fn yield_to_page() {
    if let Some(promise) = scheduler_yield() {
        if JsFuture::from(promise).await.is_ok() {
            return;
        }
    }
    yew::platform::time::sleep(std::time::Duration::ZERO).await;
}

fn scheduler_yield() -> Option<js_sys::Promise> {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
    let yield_fn = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    yield_fn.call0(&scheduler).ok()?.dyn_into().ok()
}
