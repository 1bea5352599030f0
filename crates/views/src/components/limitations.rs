//! "Good to know": the brand's honest limits, in the shopper's language when
//! the brand wrote them in it, else all of them, each marked with its language.

use yew::prelude::*;

use super::data::{for_product, product_id};
use super::{section, sub_id};
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, primary, Loc};

/// Whether the section has anything to show.
pub fn has_limitations(trust: &Trust, ctx: &Ctx) -> bool {
    let product = product_id(trust, ctx);
    trust
        .limitations()
        .iter()
        .any(|l| for_product(l.product.as_deref(), product.as_deref()))
}

/// The section; its heading id derives from `uid`, the view's own.
pub fn limitations_section(trust: &Trust, ctx: &Ctx, uid: &str) -> Html {
    let id = sub_id(uid, "limits");
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let product = product_id(trust, ctx);
    let all: Vec<_> = trust
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
    let body = html! {
        <>
            <ul class="tw-limits" role="list">
                { for shown.iter().map(|l| html! {
                    <li class="tw-limit">
                        <span lang={l.language.clone()} dir="auto">{ l.text.clone() }</span>
                        if mark {
                            <span class="tw-tag tw-tag-lang">{ fill(t.in_language(), &[("language", &loc.language(&l.language))]) }</span>
                        }
                    </li>
                }) }
            </ul>
        </>
    };
    section(
        "tw-section tw-limitations",
        None,
        id,
        t.h_limitations(),
        body,
    )
}
