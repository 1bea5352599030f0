//! Mounting into the page: a shadow root on the host element (so no page CSS
//! leaks in and none of ours leaks out), the shared stylesheet, and a Yew app
//! rendered into an element inside the shadow root (Yew needs an `Element`; a
//! `ShadowRoot` is not one).

use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::app::{App, AppProps};
use crate::error::WidgetError;
use crate::options::Options;
use crate::{events, style};

/// A mounted widget; `unmount()` removes everything it added.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<AppHandle<App>>,
    container: Option<Element>,
}

#[wasm_bindgen]
impl Mounted {
    /// Tears the widget down and empties its shadow root.
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        if let Some(c) = self.container.take() {
            c.remove();
        }
    }
}

/// Mounts a widget into `host` with options `{manifest, key, attesters, view,
/// market, locale, product, theme, showExpired, timeout}`. Bad options are reported like
/// any other failure (console warning and `trust-widget:error`), never thrown.
#[wasm_bindgen]
pub fn mount(host: Element, options: JsValue) -> Mounted {
    match Options::from_js(&options) {
        Ok(options) => mount_options(host, options),
        Err(error) => {
            events::failed(&host, &error);
            Mounted {
                app: None,
                container: None,
            }
        }
    }
}

/// `mount` with options already typed (the Yew component's path).
pub fn mount_options(host: Element, options: Options) -> Mounted {
    match attach(&host) {
        Ok(container) => {
            let props = AppProps {
                options,
                host: host.clone(),
            };
            let app = yew::Renderer::<App>::with_root_and_props(container.clone(), props).render();
            Mounted {
                app: Some(app),
                container: Some(container),
            }
        }
        Err(error) => {
            events::failed(&host, &error);
            Mounted {
                app: None,
                container: None,
            }
        }
    }
}

/// The container inside the host's shadow root (created on first mount).
fn attach(host: &Element) -> Result<Element, WidgetError> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| WidgetError::config("this element cannot host a shadow root"))?,
    };
    style::adopt(&root);
    let doc = host
        .owner_document()
        .ok_or_else(|| WidgetError::config("detached element"))?;
    let container = doc
        .create_element("div")
        .map_err(|_| WidgetError::config("no document"))?;
    container.set_class_name("tw-root");
    let _ = container.set_attribute("part", "root");
    root.append_child(&container)
        .map_err(|_| WidgetError::config("cannot append"))?;
    Ok(container)
}
