//! Starting and stopping widgets: a Yew app per mount, rendered into a container
//! in the host's shadow root (`host.rs`), and the pool of idle Yew roots that
//! later mounts reuse.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;
use yew::AppHandle;

use trust_views::WidgetError;

use crate::app::{App, AppProps};
use crate::cancel::Cancel;
use crate::host;
use crate::options::Options;

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
/// shown until `host::settle`; the live render waits hidden, after it.
fn start(
    host: &Element,
    options: Options,
    cancel: &Cancel,
) -> Result<(AppHandle<Slot>, Element), WidgetError> {
    let root = host::attach(host)?;
    let idle = IDLE.with(|idle| idle.borrow_mut().pop());
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
            let c = host::container(host, &root, has_static)?;
            let app = yew::Renderer::<Slot>::with_root_and_props(c.clone(), props).render();
            (app, c)
        }
    })
}

/// Reports a mount that could not start (one warning, one event) and takes any
/// static content down with it.
fn failed(host: &Element, error: &WidgetError) -> Mounted {
    host::fail(host, error);
    Mounted {
        app: None,
        container: None,
        cancel: Cancel::new(),
    }
}
