//! The element the page gave us, in one place: its shadow root (so no page CSS
//! leaks in and none of ours leaks out) with the shared stylesheet, the container
//! the Yew root renders into (Yew needs an `Element`; a `ShadowRoot` is not one),
//! the swap from static content to the live view, and what a failure leaves.
//! `mount.rs` (starting and stopping) and `app.rs` (loading) both act on the host
//! through here, and neither through the other.
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

use web_sys::{Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

use trust_views::{style, WidgetError};

use crate::events;

/// Reports a failure (one warning, one event) and takes any static content and
/// the loader's placeholder down with it.
pub fn fail(host: &Element, error: &WidgetError) {
    events::failed(host, error);
    settle(host, false);
}

/// The live view is verified and rendered, or will never be. Verified: removes
/// any static content (every element before the live container, which is the
/// root's last) and shows the live container; failed: empties the shadow root,
/// static content and all (fail closed), and takes away the inert child the loader
/// put into an empty mount point (`www/embed.js`, `claim`), so the page's DOM is
/// as it was and its own rules (`div:empty`) apply again.
pub fn settle(host: &Element, verified: bool) {
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

/// The host's shadow root (created on first mount) with the stylesheet.
pub fn attach(host: &Element) -> Result<ShadowRoot, WidgetError> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| WidgetError::config("this element cannot host a shadow root"))?,
    };
    style::adopt(&root);
    Ok(root)
}

/// A new container for a Yew root, inside the shadow root.
pub fn container(host: &Element, root: &ShadowRoot, hidden: bool) -> Result<Element, WidgetError> {
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
