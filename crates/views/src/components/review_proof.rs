//! The proof behind one review: who collected it, how the purchase was checked,
//! when it was signed, by which key, and that the signature was checked here.

use trust_manifest::{Assurance, PurchaseCheckMethod};
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::review_store::Shown;
use super::{dl_row, external};
use crate::i18n::{Loc, Strings};

/// How the purchase was checked, in words.
pub fn method_label(t: &Strings, m: PurchaseCheckMethod) -> &'static str {
    match m {
        PurchaseCheckMethod::OrderInvitation => t.method_order_invitation(),
        PurchaseCheckMethod::OrderMatch => t.method_order_match(),
        PurchaseCheckMethod::Receipt => t.method_receipt(),
        PurchaseCheckMethod::None => t.method_none(),
        PurchaseCheckMethod::Other => t.method_other(),
    }
}

/// The proof of review `r`, for its dialog.
pub fn review_proof(loc: &Loc, r: &Shown) -> Html {
    let t = loc.t;
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
                        <dt>{ t.proof_collector() }</dt>
                        <dd class="tw-strong">{ external(a.attester_url.as_deref().unwrap_or(""), html! { a.attester.clone() }, t) }</dd>
                    </div>
                    { dl_row(t.proof_method(), html! { method_label(t, method) }) }
                    if let Some(d) = checked {
                        { dl_row(t.proof_checked(), html! { loc.date(d) }) }
                    }
                    { dl_row(t.proof_signed(), html! { loc.date(a.signed_at.date()) }) }
                    { dl_row(t.proof_key(), html! { <code class="tw-code">{ a.key_id.clone() }</code> }) }
                </dl>
                <p class="tw-proof-ok">{ icon(Icon::Lock) }{ t.signature_checked() }</p>
            </div>
        },
        Assurance::Brand => html! {
            <div class="tw-details">
                <p>{ t.proof_brand() }</p>
                if r.verification.is_some() {
                    <dl class="tw-dl">
                        { dl_row(t.proof_method(), html! {
                            <>{ method_label(t, method) }<span class="tw-line tw-muted">{ t.stated_by_brand() }</span></>
                        }) }
                        if let Some(d) = checked {
                            { dl_row(t.proof_checked(), html! { loc.date(d) }) }
                        }
                    </dl>
                }
                <p class="tw-muted">{ t.vouched_by() }{ ": " }{ t.stated_by_brand() }</p>
            </div>
        },
    }
}
