//! Rendering a list a few parts per task (issue 17: no task over 50 ms on a
//! phone). A part's first render, style and layout, and V8 compiling its wasm
//! functions on their first call, cost a few ms each at 4x CPU throttling: the
//! carousel's cards and the full view's sections arrive a few at a time.
//!
//! The state counts the parts rendered so far; `len + 1` means done: one task
//! after the last parts went in, so that whatever the caller shows only when
//! done (the full view's footer, what follows the carousel) appears in a frame
//! after the list reached its full height, never in the same one (it would count
//! as moved). While `filling` the caller marks itself `data-tw-filling`: the
//! shell swaps static HTML for the live view only once none is left
//! (src/app.rs). Off wasm (the static render, which has no later tasks) every
//! part renders at once.

use yew::prelude::*;

/// Parts to render now, of `len`, and whether more are coming.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct Progress {
    pub shown: usize,
    pub filling: bool,
}

/// `first` parts in the first render, then `step` more per later task. When
/// `len` grows (the carousel's next window), filling resumes from where it was.
///
/// `end`, when given, is an element at the end of what fills (the full view's
/// marker): once its parent's bottom edge is less than a screen below the
/// viewport, the rest comes in the next task at once. Parts are appended at the
/// bottom, so the page below the widget moves as they arrive: that may happen
/// only while it is out of sight, and a shopper scrolling down would otherwise
/// reach it before the filling ends (a layout shift).
#[hook]
pub(crate) fn use_progressive(
    len: usize,
    first: usize,
    step: usize,
    end: Option<NodeRef>,
) -> Progress {
    let n = use_state(|| {
        if cfg!(target_arch = "wasm32") && len > first {
            first
        } else {
            len + 1
        }
    });
    {
        let n = n.clone();
        use_effect_with((*n, len), move |&(now, len)| {
            if now <= len {
                yew::platform::spawn_local(async move {
                    if now == len {
                        // Done only after two frames with every part in: what the
                        // stylesheet settles a frame after layout (a card's "More",
                        // shown when its text overflows) grows the list while what
                        // follows it is still invisible.
                        next_frame().await;
                        next_frame().await;
                    }
                    // A zero timeout: a task of its own, after input and rendering.
                    yew::platform::time::sleep(std::time::Duration::ZERO).await;
                    n.set(if now < len {
                        let hurry = end.as_ref().is_some_and(near_sight);
                        if hurry {
                            len
                        } else {
                            (now + step).min(len)
                        }
                    } else {
                        len + 1
                    });
                });
            }
        });
    }
    Progress {
        shown: (*n).min(len),
        filling: *n <= len,
    }
}

/// The next animation frame, or 100 ms in a document that has none (hidden).
/// Off wasm, at once.
async fn next_frame() {
    #[cfg(target_arch = "wasm32")]
    {
        use std::{cell::RefCell, rc::Rc};
        use wasm_bindgen::{closure::Closure, JsCast};
        let Some(w) = web_sys::window() else {
            return;
        };
        let (tx, rx) = yew::platform::pinned::oneshot::channel::<()>();
        let tx = Rc::new(RefCell::new(Some(tx)));
        let wake = || {
            let tx = tx.clone();
            Closure::once_into_js(move || {
                if let Some(tx) = tx.borrow_mut().take() {
                    let _ = tx.send(());
                }
            })
        };
        let _ = w.request_animation_frame(wake().unchecked_ref());
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(wake().unchecked_ref(), 100);
        let _ = rx.await;
    }
}

/// Whether the bottom edge of `end`'s parent is less than a screen below the
/// viewport (through Reflect: no web-sys features for two numbers).
fn near_sight(end: &NodeRef) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        use js_sys::{Function, Reflect};
        use wasm_bindgen::JsCast;
        let num = |v: &wasm_bindgen::JsValue, k: &str| Reflect::get(v, &k.into()).ok()?.as_f64();
        let bottom = || -> Option<f64> {
            let parent = end.cast::<web_sys::Element>()?.parent_element()?;
            let rect_fn: Function = Reflect::get(&parent, &"getBoundingClientRect".into())
                .ok()?
                .dyn_into()
                .ok()?;
            num(&rect_fn.call0(&parent).ok()?, "bottom")
        };
        let screen = web_sys::window().and_then(|w| w.inner_height().ok()?.as_f64());
        matches!((bottom(), screen), (Some(b), Some(h)) if b < 2.0 * h)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = end;
        true
    }
}

/// Runs `f` once the browser has painted what is on screen now: the next frame,
/// then a task. An interaction whose own change is small (a busy state, a
/// selection) paints that at once and does its heavy rendering after, so its
/// next paint, what Interaction to Next Paint measures, stays quick. Off wasm it
/// runs at once.
pub(crate) fn after_paint(f: impl FnOnce() + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return f();
        };
        let frame = Closure::once_into_js(move || {
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(std::time::Duration::ZERO).await;
                f();
            });
        });
        if window
            .request_animation_frame(frame.unchecked_ref())
            .is_err()
        {
            // No frames (a hidden document): a task is the best there is.
            let _ = frame.unchecked_ref::<js_sys::Function>().call0(&window);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    f();
}
