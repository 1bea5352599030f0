//! The details of one certification, shown in its dialog: the proof a shopper
//! can check (certificate number, the issuer's own lookup page, pinned
//! documents) and who vouches for it.

use trust_manifest::url::is_safe_https;
use trust_manifest::Assurance;
use yew::prelude::*;

use super::cert_badge::{kind_label, vouch_label};
use super::data::product_name;
use super::external;
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};

#[derive(Properties, PartialEq)]
pub struct CertDetailsProps {
    pub trust: Trust,
    pub ctx: Ctx,
    pub index: usize,
    pub expired: bool,
}

#[function_component]
pub fn CertDetails(props: &CertDetailsProps) -> Html {
    let Some(c) = props.trust.certifications().get(props.index) else {
        return html! {};
    };
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let products: Vec<String> = c
        .products
        .iter()
        .map(|p| product_name(&props.trust, p))
        .collect();
    let lookup = c.url.as_deref().map(|url| {
        if is_safe_https(url) {
            html! { <p class="tw-lookup">{ external(url, html! { t.lookup }, t) }</p> }
        } else {
            // Shown, never linked: the shopper can still read where it points.
            html! { <p class="tw-lookup tw-muted">{ t.lookup_unlinked }{ ": " }<code class="tw-code">{ url }</code></p> }
        }
    });
    let signed = c
        .attestation()
        .map(|a| fill(t.signed_on, &[("date", &loc.date(a.signed_at.date()))]));
    html! {
        <div class="tw-details">
            <p class="tw-details-kind">
                { kind_label(t, c.kind) }
                if let Some(org) = &c.issued_by {
                    { " · " }
                    { external(org.url.as_deref().unwrap_or(""), html! { fill(t.issued_by, &[("issuer", &org.name)]) }, t) }
                }
            </p>
            if props.expired {
                <p class="tw-notice tw-notice-warn" role="note">
                    { c.expires.map_or_else(|| t.expired.to_owned(), |d| fill(t.expired_on, &[("date", &loc.date(d))])) }
                </p>
            }
            <dl class="tw-dl">
                if let Some(n) = &c.identification {
                    <div><dt>{ t.cert_number }</dt><dd><code class="tw-code">{ n.clone() }</code></dd></div>
                }
                if let Some(s) = &c.scope {
                    <div><dt>{ t.scope }</dt><dd>{ s.clone() }</dd></div>
                }
                <div>
                    <dt>{ t.products_covered }</dt>
                    <dd>{ if products.is_empty() { t.all_products.to_owned() } else { crate::intl::list(&loc.locale, &products) } }</dd>
                </div>
                <div>
                    <dt>{ t.validity }</dt>
                    <dd>
                        if let Some(d) = c.valid_from { <span class="tw-line">{ fill(t.valid_from, &[("date", &loc.date(d))]) }</span> }
                        <span class="tw-line">
                            { c.expires.map_or_else(|| t.no_end_date.to_owned(), |d| {
                                if props.expired { fill(t.expired_on, &[("date", &loc.date(d))]) } else { fill(t.valid_until, &[("date", &loc.date(d))]) }
                            }) }
                        </span>
                    </dd>
                </div>
                <div>
                    <dt>{ t.vouched_by }</dt>
                    <dd>
                        <span class="tw-line tw-strong">{ vouch_label(t, c.assurance()) }</span>
                        if let Some(s) = signed { <span class="tw-line tw-muted">{ s }</span> }
                        if matches!(c.assurance(), Assurance::Brand) {
                            <span class="tw-line tw-muted">{ t.stated_by_brand_note }</span>
                        }
                    </dd>
                </div>
            </dl>
            { for lookup }
            if !c.evidence.is_empty() {
                <h3 class="tw-subheading">{ t.documents }</h3>
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
