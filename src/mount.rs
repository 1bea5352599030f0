//! Mounting into the page: a shadow root on the host element (so no page CSS
//! leaks in and none of ours leaks out), the shared stylesheet, and a Yew app
//! rendered into an element inside the shadow root (Yew needs an `Element`; a
//! `ShadowRoot` is not one).
//!
//! Static HTML (`trustctl render`): a host may arrive with a declarative shadow
//! root already holding the view, rendered ahead of time from the same components.
//! That content stays shown while the widget loads and verifies; the live render
//! goes into a hidden container after it meanwhile. When the App has verified
//! (`settle`, right after it sets the verified state), the static nodes are removed
//! and the live container shown; Yew renders the view into it in a microtask of the
//! same task, whole, so no frame shows both, neither, or the skeleton, and the box
//! keeps its size (`tests/browser/cases/static-html` checks every frame). On any
//! failure the shadow root is emptied, static content and all: nothing unverified
//! stays on the page.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::prelude::*;
use yew::AppHandle;

use crate::app::{App, AppProps};
use crate::cancel::Cancel;
use crate::error::WidgetError;
use crate::options::Options;
use crate::{events, style};

/// A mounted widget; `unmount()` removes everything it added.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<AppHandle<Slot>>,
    container: Option<Element>,
    cancel: Cancel,
}

#[wasm_bindgen]
impl Mounted {
    /// Tears the widget down and empties its shadow root. A load still under way
    /// is cancelled at once: it fires no event and leaves the host alone, so the
    /// next mount on the same element is the only one heard (`cancel.rs`).
    pub fn unmount(&mut self) {
        self.cancel.cancel();
        if let (Some(mut app), Some(container)) = (self.app.take(), self.container.take()) {
            app.update(SlotProps { app: None });
            container.remove();
            IDLE.with(|idle| idle.borrow_mut().push((app, container)));
        }
    }
}

thread_local! {
    /// Yew roots of unmounted widgets, empty, for the next mount to reuse. Yew never
    /// frees a root's event listeners (they are `forget`-ed, yew 0.23
    /// `dom_bundle/subtree_root.rs`), so a new root per mount would leak a few KB
    /// each time; reusing them bounds memory by the most widgets mounted at once.
    static IDLE: RefCell<Vec<(AppHandle<Slot>, Element)>> = const { RefCell::new(Vec::new()) };
}

/// A Yew root that holds one widget, or nothing while idle. Emptying it destroys
/// the `App` (its state, effects and timers) but keeps the root.
#[derive(Properties, PartialEq)]
pub struct SlotProps {
    app: Option<AppProps>,
}

#[function_component]
pub fn Slot(props: &SlotProps) -> Html {
    match &props.app {
        Some(p) => {
            html! { <App options={p.options.clone()} host={p.host.clone()} cancel={p.cancel.clone()} /> }
        }
        None => html! {},
    }
}

/// Mounts a widget into `host` with options `{manifest, key, attesters, view,
/// market, locale, product, theme, showExpired, timeout}`. Bad options are reported like
/// any other failure (console warning and `trust-widget:error`), never thrown.
#[wasm_bindgen]
pub fn mount(host: Element, options: JsValue) -> Mounted {
    match Options::from_js(&options) {
        Ok(options) => mount_options(host, options),
        Err(error) => failed(&host, &error),
    }
}

/// `mount` with options already typed (the Yew component's path).
pub fn mount_options(host: Element, options: Options) -> Mounted {
    let cancel = Cancel::new();
    match start(&host, options, &cancel) {
        Ok((app, container)) => Mounted {
            app: Some(app),
            container: Some(container),
            cancel,
        },
        Err(error) => failed(&host, &error),
    }
}

/// A Yew root (an idle one if there is one) rendering the widget, in the host's
/// shadow root. Static content from the page (a declarative shadow root) stays
/// shown until `settle`; the live render waits hidden, after it.
fn start(
    host: &Element,
    options: Options,
    cancel: &Cancel,
) -> Result<(AppHandle<Slot>, Element), WidgetError> {
    let (root, idle) = attach(host)?;
    let props = SlotProps {
        app: Some(AppProps {
            options,
            host: host.clone(),
            cancel: cancel.clone(),
        }),
    };
    let has_static = root.first_element_child().is_some();
    Ok(match idle {
        Some((mut app, container)) => {
            let _ = container.toggle_attribute_with_force("hidden", has_static);
            let _ = root.append_child(&container);
            app.update(props);
            (app, container)
        }
        None => {
            let c = container(host, &root, has_static)?;
            let app = yew::Renderer::<Slot>::with_root_and_props(c.clone(), props).render();
            (app, c)
        }
    })
}

/// Reports a mount that could not start (one warning, one event) and takes any
/// static content down with it.
fn failed(host: &Element, error: &WidgetError) -> Mounted {
    events::failed(host, error);
    settle(host, false);
    Mounted {
        app: None,
        container: None,
        cancel: Cancel::new(),
    }
}

/// The live view is verified and rendered, or will never be. Verified: removes
/// any static content (every element before the live container, which is the
/// root's last) and shows the live container; failed: empties the shadow root,
/// static content and all (fail closed), and takes away the inert child the loader
/// put into an empty mount point (`www/embed.js`, `claim`), so the page's DOM is
/// as it was and its own rules (`div:empty`) apply again.
pub(crate) fn settle(host: &Element, verified: bool) {
    if !verified {
        if let Ok(Some(inert)) = host.query_selector(":scope > [data-tw-claim]") {
            inert.remove();
        }
    }
    let Some(root) = host.shadow_root() else {
        return;
    };
    let keep = if verified {
        root.last_element_child()
    } else {
        None
    };
    while let Some(first) = root.first_element_child() {
        if Some(&first) == keep.as_ref() {
            let _ = first.remove_attribute("hidden");
            break;
        }
        first.remove();
    }
}

/// The host's shadow root (created on first mount) with the stylesheet, and an
/// idle Yew root to reuse if there is one.
type Idle = Option<(AppHandle<Slot>, Element)>;
fn attach(host: &Element) -> Result<(ShadowRoot, Idle), WidgetError> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| WidgetError::config("this element cannot host a shadow root"))?,
    };
    style::adopt(&root);
    Ok((root, IDLE.with(|idle| idle.borrow_mut().pop())))
}

/// A new container for a Yew root, inside the shadow root.
fn container(host: &Element, root: &ShadowRoot, hidden: bool) -> Result<Element, WidgetError> {
    let doc = host
        .owner_document()
        .ok_or_else(|| WidgetError::config("detached element"))?;
    let container = doc
        .create_element("div")
        .map_err(|_| WidgetError::config("no document"))?;
    container.set_class_name("tw-root");
    let _ = container.set_attribute("part", "root");
    if hidden {
        let _ = container.set_attribute("hidden", "");
    }
    root.append_child(&container)
        .map_err(|_| WidgetError::config("cannot append"))?;
    Ok(container)
}
