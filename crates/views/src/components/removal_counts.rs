//! The reviews a collector says it removed, by reason (issue 15 item 5), in the
//! reviews section: shown only when the collector's trust-list entry names a
//! public log, its checkpoint checked out, and its signed review-pages statement
//! counts removals (`PagedReviews::removals`).
//!
//! The widget does not count removals itself (that means reading the whole log):
//! the numbers are the collector's signed statement, which anyone can check
//! against the public log with `trustctl audit`, and the labels say exactly that
//! rather than "verified". The log's address is a link when it is plain https.

use yew::prelude::*;

use super::{dl_row, external};
use crate::context::{Ctx, Trust};
use crate::i18n::{Loc, Strings};

#[derive(Properties, PartialEq)]
pub struct RemovalCountsProps {
    pub trust: Trust,
    pub ctx: Ctx,
}

#[function_component]
pub fn RemovalCounts(props: &RemovalCountsProps) -> Html {
    let Some(pages) = props.trust.review_pages() else {
        return Html::default();
    };
    // `removals` is empty unless the log checked out; the log is then there.
    let (removals, Some(log)) = (pages.removals(), pages.log()) else {
        return Html::default();
    };
    if removals.is_empty() {
        return Html::default();
    }
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let total = removals
        .iter()
        .fold(0u64, |sum, r| sum.saturating_add(r.count));
    let collector = pages.attestation().attester.as_str();
    // One row per label: codes this widget does not know share "other reasons".
    let mut rows: Vec<(&'static str, u64)> = Vec::new();
    for r in removals {
        let label = reason(t, &r.reason);
        match rows.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n = n.saturating_add(r.count),
            None => rows.push((label, r.count)),
        }
    }
    html! {
        <div class="tw-removals" data-removed={total.to_string()}>
            <p>{ loc.plural(total, t.removed_count(), &[("collector", collector)]) }</p>
            <dl class="tw-dl">
                { for rows.into_iter().map(|(label, n)| {
                    dl_row(label, html! { { crate::intl::integer(&loc.locale, n as f64) } })
                }) }
            </dl>
            <p class="tw-muted">
                { t.removed_note() }{ " " }
                { external(&log.url, html! { <code>{ log.url.clone() }</code> }, t) }
            </p>
        </div>
    }
}

/// A removal reason's label: the codes the log format names
/// (`trust-collector`'s moderation reasons), any other as "other reasons".
fn reason(t: &'static Strings, code: &str) -> &'static str {
    match code {
        "abusive" => t.removal_abusive(),
        "personal-data" => t.removal_personal_data(),
        "spam-or-unrelated" => t.removal_spam(),
        "legal-order" => t.removal_legal_order(),
        "author-request" => t.removal_author_request(),
        _ => t.removal_other(),
    }
}
