//! The root component: load and verify, then render the verified view. While
//! loading it shows a skeleton that reserves the view's height; on failure it
//! renders nothing at all (fail closed, fail quiet).

use web_sys::Element;
use yew::prelude::*;

use trust_views::i18n::Lang;
use trust_views::{Ctx, Trust, TrustView, WidgetError};

use crate::cancel::Cancel;
use crate::options::{Options, View};
use crate::{events, host, language_packs, load, schedule, shopper, split};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub options: Options,
    /// The element the page gave us; events are dispatched on it.
    pub host: Element,
    /// Cancelled when the mount goes away (`Mounted::unmount`), synchronously:
    /// Yew destroys the App (and runs the effect cleanup below) only in a later
    /// microtask, when a load that finished meanwhile could still announce itself.
    pub cancel: Cancel,
}

/// Where loading stands.
#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Ready(Trust),
    Failed,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let phase = use_state(|| Phase::Loading);
    {
        let phase = phase.clone();
        let host = props.host.clone();
        let unmounted = props.cancel.clone();
        use_effect_with(props.options.clone(), move |options| {
            phase.set(Phase::Loading);
            let options = options.clone();
            let lang = Lang::pick(&shopper::locale(options.locale.as_deref()));
            let timeout = options.timeout_ms;
            // The shopper's language pack (when not compiled in) loads alongside
            // the manifest; the view waits for both.
            wasm_bindgen_futures::spawn_local(language_packs::load(lang, timeout));
            // So does the views' wasm chunk, when this view needs it (`split.rs`).
            let view = options.view;
            wasm_bindgen_futures::spawn_local(async move {
                let _ = split::prepare(view).await;
            });
            // This load ends with its options or its mount (`cancel.rs`): after
            // either, it is dropped before it can announce anything or touch the
            // host, which may already hold the next mount's content.
            let replaced = Cancel::new();
            let this_load = replaced.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let work = async move {
                    // Mounting ran in the task that instantiated the wasm: load
                    // and verify in tasks of their own (`schedule.rs`).
                    schedule::yield_to_page().await;
                    match load::load(&options).await {
                        Ok(trust) => {
                            // A pack that is not the one built is `load-failed`.
                            if let Err(error) = language_packs::loaded(lang, timeout).await {
                                return fail(&host, &phase, &error);
                            }
                            // A views chunk that did not load is `load-failed` too.
                            if let Err(error) = split::prepare(view).await {
                                return fail(&host, &phase, &error);
                            }
                            // Verifying and rendering in one task can pass 50 ms (a
                            // long task for the host page): give the page a turn.
                            schedule::yield_to_page().await;
                            events::verified(&host, &trust);
                            phase.set(Phase::Ready(trust));
                            // Static HTML the page came with gives way once the
                            // live view is whole (`host.rs`): Yew renders the view
                            // in a microtask of this task, and the carousel fills
                            // its later slides in tasks of their own
                            // (`review_carousel.rs`); swapping before that would
                            // show a shorter view than the static one.
                            filled(&host).await;
                            host::settle(&host, true);
                        }
                        Err(error) => fail(&host, &phase, &error),
                    }
                };
                unmounted.run(this_load.run(work)).await;
            });
            move || replaced.cancel()
        });
    }
    let o = &props.options;
    match &*phase {
        Phase::Loading => {
            html! { <div class={classes!("tw-skeleton", skeleton_class(o.view))} aria-hidden="true"></div> }
        }
        Phase::Failed => html! {},
        Phase::Ready(trust) => {
            let locale = shopper::locale(o.locale.as_deref());
            let ctx = Ctx {
                market: shopper::market(o.market.as_deref(), &locale),
                locale,
                product: o.product.clone(),
                view: o.view,
                theme: o.theme,
                show_expired: o.show_expired,
                local_origin: shopper::local_origin(),
                now: trust.verified_at(),
            };
            html! { <TrustView trust={trust.clone()} {ctx} /> }
        }
    }
}

/// Resolves once no part of the view is still being filled in (`data-tw-filling`),
/// or after about two seconds, whichever comes first: a swap late is better
/// than none.
async fn filled(host: &Element) {
    // The view renders in a microtask after this one (the state was just set):
    // look only once it is in.
    yew::platform::time::sleep(std::time::Duration::ZERO).await;
    for _ in 0..120 {
        let filling = host
            .shadow_root()
            .and_then(|root| root.query_selector("[data-tw-filling]").ok().flatten());
        if filling.is_none() {
            return;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(16)).await;
    }
}

fn fail(host: &Element, phase: &UseStateHandle<Phase>, error: &WidgetError) {
    host::fail(host, error);
    phase.set(Phase::Failed);
}

fn skeleton_class(view: View) -> &'static str {
    match view {
        View::Summary => "tw-skeleton-summary",
        View::Certifications => "tw-skeleton-certifications",
        View::Reviews => "tw-skeleton-reviews",
        View::Returns => "tw-skeleton-returns",
        View::Full => "tw-skeleton-full",
    }
}
