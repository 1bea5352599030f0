//! Fetching the manifest, key set and trust list: once per URL per page, with a
//! time limit, a size limit enforced while streaming (a 10 MB answer is cut off
//! at the limit, not read to the end), no cookies, and no cross-origin redirects.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::{closure::Closure, prelude::wasm_bindgen, JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{
    AbortController, ReadableStreamDefaultReader, RequestCredentials, RequestInit, Response,
};

use trust_views::WidgetError;

thread_local! {
    // One in-flight or settled fetch per URL, shared by every widget on the page.
    // A list, not a map: a page fetches a handful of URLs (smaller wasm than a HashMap).
    static FETCHES: RefCell<Vec<(String, Promise, Rc<InFlight>)>> = const { RefCell::new(Vec::new()) };
    // Requests the embed started before the wasm was ready (`preload`), not yet taken.
    static PRELOADS: RefCell<Vec<(String, Promise, AbortController)>> = const { RefCell::new(Vec::new()) };
}

/// Hands over a request for the absolute `url` that the embedding script started
/// while the wasm was still loading (`fetch(url, {credentials: "omit", signal})`,
/// `www/embed.js`), so the manifest downloads in parallel with the wasm instead of
/// after it. Its first `fetch_once` takes the response instead of fetching again and
/// applies every check, limit and the timeout (through `controller`) to it.
#[wasm_bindgen]
pub fn preload(url: String, response: Promise, controller: AbortController) {
    PRELOADS.with(|p| p.borrow_mut().push((url, response, controller)));
}

/// A shared fetch's request and who still waits for it. A widget whose load is
/// cancelled (`cancel.rs`) drops its wait; when nobody waits for a request that has
/// not finished, it is aborted and forgotten, so a later widget fetches afresh.
struct InFlight {
    controller: AbortController,
    waiting: Cell<u32>,
    done: Cell<bool>,
}

/// How long a request nobody waits for any more is kept for a remount to take over.
const ABANDON_AFTER_MS: i32 = 1_000;

/// One widget waiting for a shared fetch; dropping it unfinished gives up the wait.
struct Waiting(Rc<InFlight>);

impl Drop for Waiting {
    fn drop(&mut self) {
        let flight = self.0.clone();
        flight.waiting.set(flight.waiting.get() - 1);
        // Checked a moment later, not now: a remount (an attribute change, new Yew
        // props) gives up its wait and asks for the same URL again right after,
        // possibly a few tasks later (Yew's scheduler yields every 16 ms), and should
        // keep the request that is already under way.
        let check = Closure::once_into_js(move || {
            if flight.waiting.get() == 0 && !flight.done.get() {
                flight.controller.abort();
                FETCHES.with(|f| f.borrow_mut().retain(|(_, _, e)| !Rc::ptr_eq(e, &flight)));
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                check.unchecked_ref(),
                ABANDON_AFTER_MS,
            );
        }
    }
}

/// The bytes at `url`, fetched at most once per page however many widgets ask.
pub async fn fetch_once(url: &str, limit: usize, timeout_ms: u32) -> Result<Vec<u8>, WidgetError> {
    fetch_as(url, limit, timeout_ms, "json").await
}

/// `fetch_once` for a response whose content type contains `kind` (the JSON
/// files say `json`; a log's tiles `octet-stream`).
pub async fn fetch_as(
    url: &str,
    limit: usize,
    timeout_ms: u32,
    kind: &'static str,
) -> Result<Vec<u8>, WidgetError> {
    // Absolute http(s) URLs only, whoever built the options (the Yew props too):
    // `options::http_only` says why.
    crate::options::http_only(url)?;
    let (promise, flight) = FETCHES.with(|f| {
        let mut fetches = f.borrow_mut();
        if let Some((_, p, flight)) = fetches.iter().find(|(u, _, _)| u == url) {
            return Ok::<_, WidgetError>((p.clone(), flight.clone()));
        }
        let preloaded = PRELOADS.with(|p| {
            let mut p = p.borrow_mut();
            let i = p.iter().position(|(u, _, _)| u == url)?;
            Some(p.swap_remove(i))
        });
        let (started, controller) = match preloaded {
            Some((_, response, controller)) => (Some(response), controller),
            None => (
                None,
                AbortController::new().map_err(|_| WidgetError::network("no AbortController"))?,
            ),
        };
        let flight = Rc::new(InFlight {
            controller: controller.clone(),
            waiting: Cell::new(0),
            done: Cell::new(false),
        });
        let (owned, finished) = (url.to_owned(), flight.clone());
        let p = future_to_promise(async move {
            let result = fetch_bytes(&owned, limit, timeout_ms, controller, started, kind)
                .await
                .map(|b| Uint8Array::from(b.as_slice()).into())
                .map_err(|e| JsValue::from(format!("{}\u{0}{}", e.code, e.message)));
            finished.done.set(true);
            result
        });
        fetches.push((url.to_owned(), p.clone(), flight.clone()));
        Ok((p, flight))
    })?;
    flight.waiting.set(flight.waiting.get() + 1);
    let _waiting = Waiting(flight);
    match JsFuture::from(promise).await {
        Ok(bytes) => Ok(Uint8Array::new(&bytes).to_vec()),
        Err(e) => {
            let text = e.as_string().unwrap_or_default();
            let (code, message) = text.split_once('\u{0}').unwrap_or(("network", &text));
            Err(WidgetError::new(static_code(code), message))
        }
    }
}

/// Codes cross the promise as text; map them back to the static strings.
fn static_code(code: &str) -> &'static str {
    trust_views::error::WIDGET_CODES
        .iter()
        .chain(trust_manifest::REASON_CODES)
        .find(|c| **c == code)
        .copied()
        .unwrap_or("network")
}

async fn fetch_bytes(
    url: &str,
    limit: usize,
    timeout_ms: u32,
    controller: AbortController,
    started: Option<Promise>,
    kind: &str,
) -> Result<Vec<u8>, WidgetError> {
    let window = web_sys::window().ok_or_else(|| WidgetError::network("no window"))?;
    let abort = controller.clone();
    // Only the timer's abort means "timeout": the size limit aborts too.
    let timed_out = Rc::new(Cell::new(false));
    let flag = timed_out.clone();
    let on_timeout = Closure::once(move || {
        flag.set(true);
        abort.abort();
    });
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            timeout_ms as i32,
        )
        .unwrap_or(0);
    let result = fetch_within(&window, url, limit, &controller, started, kind).await;
    window.clear_timeout_with_handle(timer);
    drop(on_timeout);
    match result {
        Err(_) if timed_out.get() => Err(WidgetError::timeout(timeout_ms)),
        other => other,
    }
}

async fn fetch_within(
    window: &web_sys::Window,
    url: &str,
    limit: usize,
    controller: &AbortController,
    started: Option<Promise>,
    kind: &str,
) -> Result<Vec<u8>, WidgetError> {
    let request = started.unwrap_or_else(|| {
        let init = RequestInit::new();
        init.set_credentials(RequestCredentials::Omit);
        init.set_signal(Some(&controller.signal()));
        window.fetch_with_str_and_init(url, &init)
    });
    let response: Response = JsFuture::from(request)
        .await
        .map_err(|e| WidgetError::network(js_message(&e)))?
        .unchecked_into();
    if response.redirected() && origin(&response.url()) != origin(&absolute(url)) {
        return Err(WidgetError::redirect(&origin(&response.url())));
    }
    if response.status() != 200 {
        return Err(WidgetError::http_status(response.status()));
    }
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    if !content_type.to_ascii_lowercase().contains(kind) {
        return Err(WidgetError::content_type(&content_type));
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|l| l.parse::<usize>().ok());
    if declared.is_some_and(|l| l > limit) {
        controller.abort();
        return Err(too_large(limit));
    }
    read_limited(&response, limit, controller).await
}

/// Reads the body chunk by chunk and aborts the request once it passes `limit`.
async fn read_limited(
    response: &Response,
    limit: usize,
    controller: &AbortController,
) -> Result<Vec<u8>, WidgetError> {
    let body = response
        .body()
        .ok_or_else(|| WidgetError::network("empty body"))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| WidgetError::network(js_message(&e)))?;
        if Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            == Some(true)
        {
            return Ok(bytes);
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(|_| WidgetError::network("bad chunk"))?
            .unchecked_into();
        if bytes.len() + value.length() as usize > limit {
            controller.abort();
            return Err(too_large(limit));
        }
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
    }
}

fn too_large(limit: usize) -> WidgetError {
    WidgetError::new("too-large", format!("response over {limit} bytes"))
}

/// The URL resolved against the page.
pub fn absolute(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    web_sys::Url::new_with_base(url, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_owned())
}

/// The origin of an absolute URL (`https://host:port`), or "" when unparseable.
pub fn origin(url: &str) -> String {
    web_sys::Url::new(url)
        .map(|u| u.origin())
        .unwrap_or_default()
}

fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "request failed".to_owned())
}
