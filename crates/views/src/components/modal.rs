//! A modal details panel on the native `<dialog>`: `showModal()` gives the top
//! layer, the backdrop, inert background and Escape-to-close for free, and puts
//! focus inside. When it closes, focus returns to the control that opened it
//! (done here as well because Safari never focuses a clicked button).
//!
//! The dialog opens when mounted; the parent unmounts it on `on_close`.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::use_uid;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub title: AttrValue,
    pub close_label: AttrValue,
    /// Called once the dialog has closed (close button, Escape or backdrop).
    pub on_close: Callback<()>,
    /// Where focus goes back to.
    #[prop_or_default]
    pub opener: Option<Element>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn Modal(props: &ModalProps) -> Html {
    let dialog = use_node_ref();
    let title_id = use_uid("dialog");
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
        });
    }
    let onclose = {
        let on_close = props.on_close.clone();
        let opener = props.opener.clone();
        Callback::from(move |_: Event| {
            on_close.emit(());
            if let Some(el) = opener.as_ref().and_then(|o| o.dyn_ref::<HtmlElement>()) {
                let _ = el.focus();
            }
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };
    // A click on the backdrop lands on the <dialog> itself (its content sits in
    // an inner box that fills it): treat it as "close".
    let backdrop = {
        let dialog = dialog.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(d) = dialog.cast::<HtmlDialogElement>() else {
                return;
            };
            let on_dialog = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t == **d);
            if on_dialog {
                d.close();
            }
        })
    };
    html! {
        <dialog ref={dialog} class="tw-dialog" part="dialog" aria-labelledby={title_id.clone()} {onclose} onclick={backdrop}>
            <div class="tw-dialog-inner">
                <header class="tw-dialog-head">
                    <h2 id={title_id} class="tw-dialog-title">{ props.title.clone() }</h2>
                    <button type="button" class="tw-icon-button" aria-label={props.close_label.clone()} onclick={close} autofocus=true>
                        { icon(Icon::Close) }
                    </button>
                </header>
                <div class="tw-dialog-body">{ props.children.clone() }</div>
            </div>
        </dialog>
    }
}
