//! "Good to know": the brand's honest limits, in the shopper's language when
//! the brand wrote them in it, else all of them, each marked with its language.

use yew::prelude::*;

use super::data::{for_product, product_id};
use super::use_uid;
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, primary, Loc};

#[derive(Properties, PartialEq)]
pub struct LimitationsProps {
    pub trust: Trust,
    pub ctx: Ctx,
}

/// Whether the section has anything to show.
pub fn has_limitations(trust: &Trust, ctx: &Ctx) -> bool {
    let product = product_id(trust, ctx);
    trust
        .limitations()
        .iter()
        .any(|l| for_product(l.product.as_deref(), product.as_deref()))
}

#[function_component]
pub fn Limitations(props: &LimitationsProps) -> Html {
    let id = use_uid("limits");
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let product = product_id(&props.trust, &props.ctx);
    let all: Vec<_> = props
        .trust
        .limitations()
        .iter()
        .filter(|l| for_product(l.product.as_deref(), product.as_deref()))
        .collect();
    let mine: Vec<_> = all
        .iter()
        .copied()
        .filter(|l| primary(&l.language) == loc.shopper_lang)
        .collect();
    let (shown, mark) = if mine.is_empty() {
        (all, true)
    } else {
        (mine, false)
    };
    html! {
        <section class="tw-section tw-limitations" aria-labelledby={id.clone()}>
            <h2 {id} class="tw-heading">{ t.h_limitations }</h2>
            <ul class="tw-limits" role="list">
                { for shown.iter().map(|l| html! {
                    <li class="tw-limit">
                        <span lang={l.language.clone()} dir="auto">{ l.text.clone() }</span>
                        if mark {
                            <span class="tw-tag tw-tag-lang">{ fill(t.in_language, &[("language", &loc.language(&l.language))]) }</span>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}
