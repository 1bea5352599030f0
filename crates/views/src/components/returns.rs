//! The returns view: return window and who pays, refund, delivery and duties for
//! the shopper's market, from the brand's signed policy for that market (or its
//! general terms, said so plainly).

use trust_manifest::{policy_for, DutyTerms, RefundType, ReturnCategory, ReturnFees, ReturnPolicy};
use yew::prelude::*;

use super::icons::{icon, Icon};
use super::{section, sub_id};
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};
use crate::intl;

/// The one-line promise for the summary strip ("30-day free returns").
pub fn return_headline(loc: &Loc, r: &ReturnPolicy) -> Option<String> {
    let t = loc.t;
    let free = r.fees == Some(ReturnFees::FreeReturn);
    Some(match (r.category, r.days) {
        (ReturnCategory::NotPermitted, _) => t.headline_none().to_owned(),
        (ReturnCategory::Unlimited, _) => t.headline_unlimited().to_owned(),
        (_, Some(n)) if free => loc.plural(n.into(), t.headline_free_days(), &[]),
        (_, Some(n)) => loc.plural(n.into(), t.headline_days(), &[]),
        (_, None) if free => t.headline_free().to_owned(),
        (_, None) => return None,
    })
}

fn is_zero(amount: &str) -> bool {
    amount.bytes().all(|b| b == b'0' || b == b'.')
}

/// One fact: icon, label, main line and the details under it.
fn fact(which: Icon, label: &str, main: String, details: Vec<String>) -> Html {
    html! {
        <div class="tw-fact">
            <dt class="tw-fact-label"><span class="tw-fact-icon">{ icon(which) }</span>{ label.to_owned() }</dt>
            <dd class="tw-fact-value">
                <span class="tw-line tw-strong">{ main }</span>
                { for details.into_iter().map(|d| html! { <span class="tw-line tw-muted">{ d }</span> }) }
            </dd>
        </div>
    }
}

/// The section; its heading id derives from `uid`, the view's own.
pub fn returns_section(trust: &Trust, ctx: &Ctx, uid: &str) -> Html {
    let id = sub_id(uid, "returns");
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let frame = |body| {
        section(
            "tw-section tw-returns",
            Some("returns"),
            id,
            t.h_returns(),
            body,
        )
    };
    let Some((policy, fallback)) = policy_for(trust.policies(), &ctx.market) else {
        return frame(html! { <p class="tw-muted">{ t.no_policy() }</p> });
    };
    let mut facts = Vec::new();
    if let Some(r) = &policy.returns {
        let window = match (r.category, r.days) {
            (ReturnCategory::NotPermitted, _) => t.window_none().to_owned(),
            (ReturnCategory::Unlimited, _) => t.window_unlimited().to_owned(),
            (_, Some(n)) => loc.plural(n.into(), t.window_days(), &[]),
            (_, None) => String::new(),
        };
        let mut details = Vec::new();
        if r.category != ReturnCategory::NotPermitted {
            match (r.fees, &r.shipping_fee) {
                (Some(ReturnFees::FreeReturn), _) => details.push(t.free_returns().to_owned()),
                (Some(ReturnFees::ReturnShippingFees), Some(m)) => details.push(fill(
                    t.fixed_fee(),
                    &[("amount", &intl::currency(&loc.locale, m))],
                )),
                (Some(ReturnFees::CustomerResponsibility | ReturnFees::ReturnShippingFees), _) => {
                    details.push(t.customer_pays().to_owned())
                }
                _ => {}
            }
            if let Some(fee) = &r.restocking_fee {
                details.push(if is_zero(&fee.amount) {
                    t.no_restocking_fee().to_owned()
                } else {
                    fill(
                        t.restocking_fee(),
                        &[("amount", &intl::currency(&loc.locale, fee))],
                    )
                });
            }
            if let Some(c) = &r.return_country {
                details.push(fill(t.returns_to(), &[("country", &loc.country(c))]));
            }
        }
        let (main, details) = if window.is_empty() && !details.is_empty() {
            (details[0].clone(), details[1..].to_vec())
        } else {
            (window, details)
        };
        if !main.is_empty() {
            facts.push(fact(Icon::Return, t.label_returns(), main, details));
        }
        if r.category != ReturnCategory::NotPermitted {
            if let Some(kind) = r.refund_type {
                let main = match kind {
                    RefundType::FullRefund | RefundType::Other => t.refund_full(),
                    RefundType::StoreCredit => t.refund_credit(),
                    RefundType::Exchange => t.refund_exchange(),
                };
                let when = r
                    .refund_days
                    .map(|n| loc.plural(n.into(), t.refund_days(), &[]));
                facts.push(fact(
                    Icon::Refund,
                    t.label_refund(),
                    main.to_owned(),
                    when.into_iter().collect(),
                ));
            }
        }
    }
    if let Some(s) = &policy.shipping {
        let d = &s.delivery_days;
        let mut main = if d.min == d.max || d.min == 0 {
            loc.plural(d.max.into(), t.delivery_days(), &[])
        } else {
            fill(
                t.delivery_range(),
                &[
                    ("min", &intl::integer(&loc.locale, d.min.into())),
                    ("max", &intl::integer(&loc.locale, d.max.into())),
                ],
            )
        };
        if let Some(c) = &s.carrier {
            main = format!("{main} {}", fill(t.carrier(), &[("carrier", c)]));
        }
        let from = fill(t.ships_from(), &[("country", &loc.country(&s.ship_from))]);
        facts.push(fact(Icon::Truck, t.label_delivery(), from, vec![main]));
    }
    if let Some(duties) = &policy.duties {
        let text = match duties.terms {
            DutyTerms::Ddp => Some(t.ddp()),
            DutyTerms::Ddu => Some(t.ddu()),
            DutyTerms::Other => None,
        };
        if let Some(text) = text {
            facts.push(fact(
                Icon::Globe,
                t.label_duties(),
                text.to_owned(),
                Vec::new(),
            ));
        }
    }
    let steps = policy.returns.as_ref().filter(|r| !r.steps.is_empty());
    frame(html! {
        <>
            if fallback {
                <p class="tw-notice" role="note">
                    { icon(Icon::Info) }
                    { fill(t.fallback_notice(), &[("country", &loc.country(&ctx.market))]) }
                </p>
            }
            <dl class="tw-facts">{ for facts }</dl>
            if let Some(r) = steps {
                <h3 class="tw-subheading">{ t.how_to_return() }</h3>
                <ol class="tw-steps" lang={r.language.clone()} dir="auto">
                    { for r.steps.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
                </ol>
            }
        </>
    })
}
