//! The proof behind one review: who collected it, how the purchase was checked,
//! when it was signed, by which key, and that the signature was checked here.

use trust_manifest::{Assurance, PurchaseCheckMethod};
use yew::prelude::*;

use super::external;
use super::icons::{icon, Icon};
use super::review_store::Shown;
use crate::context::Ctx;
use crate::i18n::{Loc, Strings};

/// How the purchase was checked, in words.
pub fn method_label(t: &Strings, m: PurchaseCheckMethod) -> &'static str {
    match m {
        PurchaseCheckMethod::OrderInvitation => t.method_order_invitation,
        PurchaseCheckMethod::OrderMatch => t.method_order_match,
        PurchaseCheckMethod::Receipt => t.method_receipt,
        PurchaseCheckMethod::None => t.method_none,
        PurchaseCheckMethod::Other => t.method_other,
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewProofProps {
    pub ctx: Ctx,
    pub review: Shown,
}

#[function_component]
pub fn ReviewProof(props: &ReviewProofProps) -> Html {
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let r = &props.review;
    let method = r
        .verification
        .as_ref()
        .map_or(PurchaseCheckMethod::None, |v| v.method);
    let checked = r.verification.as_ref().and_then(|v| v.checked);
    match r.assurance() {
        Assurance::Attested(a) => html! {
            <div class="tw-details">
                <dl class="tw-dl">
                    <div>
                        <dt>{ t.proof_collector }</dt>
                        <dd class="tw-strong">{ external(a.attester_url.as_deref().unwrap_or(""), html! { a.attester.clone() }, t) }</dd>
                    </div>
                    <div><dt>{ t.proof_method }</dt><dd>{ method_label(t, method) }</dd></div>
                    if let Some(d) = checked {
                        <div><dt>{ t.proof_checked }</dt><dd>{ loc.date(d) }</dd></div>
                    }
                    <div><dt>{ t.proof_signed }</dt><dd>{ loc.date(a.signed_at.date()) }</dd></div>
                    <div><dt>{ t.proof_key }</dt><dd><code class="tw-code">{ a.key_id.clone() }</code></dd></div>
                </dl>
                <p class="tw-proof-ok">{ icon(Icon::Lock) }{ t.signature_checked }</p>
            </div>
        },
        Assurance::Brand => html! {
            <div class="tw-details">
                <p>{ t.proof_brand }</p>
                if r.verification.is_some() {
                    <dl class="tw-dl">
                        <div>
                            <dt>{ t.proof_method }</dt>
                            <dd>{ method_label(t, method) }<span class="tw-line tw-muted">{ t.stated_by_brand }</span></dd>
                        </div>
                        if let Some(d) = checked {
                            <div><dt>{ t.proof_checked }</dt><dd>{ loc.date(d) }</dd></div>
                        }
                    </dl>
                }
                <p class="tw-muted">{ t.vouched_by }{ ": " }{ t.stated_by_brand }</p>
            </div>
        },
    }
}
