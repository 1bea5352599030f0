//! One certification as a badge: a button that opens its details.

use trust_manifest::{Assurance, CertificationKind};
use web_sys::Element;
use yew::prelude::*;

use super::data::CertRef;
use super::icons::{icon, Icon};
use super::opener;
use crate::context::Trust;
use crate::i18n::{fill, Loc, Strings};

/// The kind of assurance, in words.
pub fn kind_label(t: &Strings, kind: CertificationKind) -> &'static str {
    match kind {
        CertificationKind::Safety => t.kind_safety(),
        CertificationKind::Material => t.kind_material(),
        CertificationKind::Sustainability => t.kind_sustainability(),
        CertificationKind::Quality => t.kind_quality(),
        CertificationKind::Membership => t.kind_membership(),
        CertificationKind::Other => t.kind_other(),
    }
}

/// "Verified by <attester>" or "Stated by the brand".
pub fn vouch_label(t: &Strings, a: &Assurance) -> String {
    match a {
        Assurance::Attested(who) => fill(t.verified_by(), &[("attester", &who.attester)]),
        Assurance::Brand => t.stated_by_brand().to_owned(),
    }
}

/// One badge, keyed by the certification's index; `compact` is the summary
/// strip's small form (name only). Who vouches shows in every form (issue 12
/// item 8): a green shield with a check for an attested certification, a grey
/// "i" for one the brand states (the same marks as the review chips), and the
/// words "Verified by …" / "Stated by the brand" in the badge's accessible name,
/// visible in the full form. `on_open` gets the index and the control to return
/// focus to.
pub fn cert_badge(
    trust: &Trust,
    loc: &Loc,
    cert: CertRef,
    compact: bool,
    on_open: &Callback<(usize, Option<Element>)>,
) -> Html {
    let Some(c) = trust.certifications().get(cert.index) else {
        return html! {};
    };
    let t = loc.t;
    let onclick = {
        let on_open = on_open.clone();
        let index = cert.index;
        Callback::from(move |e: MouseEvent| on_open.emit((index, opener(&e))))
    };
    let expired = cert.expired;
    let attested = matches!(c.assurance(), Assurance::Attested(_));
    let class = classes!(
        "tw-badge",
        compact.then_some("tw-badge-compact"),
        expired.then_some("tw-badge-expired"),
        if attested {
            "tw-badge-attested"
        } else {
            "tw-badge-brand"
        },
    );
    let vouch = vouch_label(t, c.assurance());
    let mark = match (expired, attested) {
        (true, _) | (false, false) => Icon::Info,
        (false, true) => Icon::Shield,
    };
    let validity = match (expired, c.expires) {
        (true, Some(d)) => fill(t.expired_on(), &[("date", &loc.date(d))]),
        (true, None) => t.expired().to_owned(),
        (false, Some(d)) => fill(t.valid_until(), &[("date", &loc.date(d))]),
        (false, None) => t.no_end_date().to_owned(),
    };
    let issuer = c
        .issued_by
        .as_ref()
        .map(|o| fill(t.issued_by(), &[("issuer", &o.name)]));
    html! {
        <li key={cert.index} class="tw-badge-item">
            <button type="button" {class} part="badge" aria-haspopup="dialog" {onclick}>
                <span class="tw-badge-icon">{ icon(mark) }</span>
                <span class="tw-badge-text">
                    if !compact {
                        <span class="tw-badge-kind">{ kind_label(t, c.kind) }</span>
                    }
                    <span class="tw-badge-name">{ c.name.clone() }</span>
                    if expired {
                        <span class="tw-tag tw-tag-expired">{ t.expired() }</span>
                    }
                    if compact {
                        <span class="tw-visually-hidden tw-vouch-text">{ format!(", {vouch}") }</span>
                    } else {
                        if let Some(issuer) = issuer {
                            <span class="tw-badge-meta">{ issuer }</span>
                        }
                        <span class="tw-badge-meta">{ validity }</span>
                        <span class={classes!("tw-vouch", attested.then_some("tw-vouch-attested"))}>
                            { icon(if attested { Icon::Check } else { Icon::Info }) }
                            <span class="tw-vouch-text">{ vouch }</span>
                        </span>
                    }
                </span>
            </button>
        </li>
    }
}
