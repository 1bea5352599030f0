//! The details of one certification, shown in its dialog: the proof a shopper
//! can check (certificate number, the issuer's own lookup page, pinned
//! documents) and who vouches for it.

use trust_manifest::url::is_safe_https;
use trust_manifest::Assurance;
use yew::prelude::*;

use super::cert_badge::{kind_label, vouch_label};
use super::data::product_name;
use super::{dl_row, external};
use crate::context::Trust;
use crate::i18n::{fill, Loc};

/// The details of certification `index` (`expired`: judged so at verification time).
pub fn cert_details(trust: &Trust, loc: &Loc, index: usize, expired: bool) -> Html {
    let Some(c) = trust.certifications().get(index) else {
        return html! {};
    };
    let t = loc.t;
    let products: Vec<String> = c.products.iter().map(|p| product_name(trust, p)).collect();
    let lookup = c.url.as_deref().map(|url| {
        if is_safe_https(url) {
            html! { <p class="tw-lookup">{ external(url, html! { t.lookup() }, t) }</p> }
        } else {
            // Shown, never linked: the shopper can still read where it points.
            html! { <p class="tw-lookup tw-muted">{ t.lookup_unlinked() }{ ": " }<code class="tw-code">{ url }</code></p> }
        }
    });
    let signed = c
        .attestation()
        .map(|a| fill(t.signed_on(), &[("date", &loc.date(a.signed_at.date()))]));
    html! {
        <div class="tw-details">
            <p class="tw-details-kind">
                { kind_label(t, c.kind) }
                if let Some(org) = &c.issued_by {
                    { " · " }
                    { external(org.url.as_deref().unwrap_or(""), html! { fill(t.issued_by(), &[("issuer", &org.name)]) }, t) }
                }
            </p>
            if expired {
                <p class="tw-notice tw-notice-warn" role="note">
                    { c.expires.map_or_else(|| t.expired().to_owned(), |d| fill(t.expired_on(), &[("date", &loc.date(d))])) }
                </p>
            }
            <dl class="tw-dl">
                if let Some(n) = &c.identification {
                    { dl_row(t.cert_number(), html! { <code class="tw-code">{ n.clone() }</code> }) }
                }
                if let Some(s) = &c.scope {
                    { dl_row(t.scope(), html! { s.clone() }) }
                }
                { dl_row(t.products_covered(), Html::from(if products.is_empty() {
                    t.all_products().to_owned()
                } else {
                    crate::intl::list(&loc.locale, &products)
                })) }
                { dl_row(t.validity(), html! {
                    <>
                        if let Some(d) = c.valid_from { <span class="tw-line">{ fill(t.valid_from(), &[("date", &loc.date(d))]) }</span> }
                        <span class="tw-line">
                            { c.expires.map_or_else(|| t.no_end_date().to_owned(), |d| {
                                if expired { fill(t.expired_on(), &[("date", &loc.date(d))]) } else { fill(t.valid_until(), &[("date", &loc.date(d))]) }
                            }) }
                        </span>
                    </>
                }) }
                { dl_row(t.vouched_by(), html! {
                    <>
                        <span class="tw-line tw-strong">{ vouch_label(t, c.assurance()) }</span>
                        if let Some(s) = signed { <span class="tw-line tw-muted">{ s }</span> }
                        if matches!(c.assurance(), Assurance::Brand) {
                            <span class="tw-line tw-muted">{ t.stated_by_brand_note() }</span>
                        }
                    </>
                }) }
            </dl>
            { for lookup }
            if !c.evidence.is_empty() {
                <h3 class="tw-subheading">{ t.documents() }</h3>
                <ul class="tw-docs">
                    { for c.evidence.iter().map(|doc| html! {
                        <li>
                            { external(&doc.url, html! { doc.name.clone() }, t) }
                            <span class="tw-hash"><span class="tw-hash-label">{ "SHA-256 " }</span><code class="tw-code">{ doc.sha256.clone() }</code></span>
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}
