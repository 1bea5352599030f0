//! What shoppers in a market will see, section by section, in the order the
//! widget's full view shows them: the manifest's override for the market, else
//! the market profile's order. The rules for when a section shows follow the
//! widget's (`src/components/full.rs`): summary and company always; the others
//! only with something to show; expired certificates and unbacked sustainability
//! labels never by default.

use trust_manifest::{
    CertificationKind, DutyTerms, RefundType, ReturnCategory, ReturnFees, ReturnPolicy, Section,
    SupportChannel,
};

use crate::report::checks::Market;
use crate::report::input::{Claim, Input};
use crate::report::model::{ReviewHealth, SectionView};

/// What the report says of claims from an attestation envelope, once.
pub const ATTESTED: &str =
    "attested (signed by an attester on --trust, bound to the brand's --root, current)";
/// The short mark on each such claim.
pub const MARK: &str = "[attested]";

/// The sections in display order, then those the override leaves out; and
/// whether the order is the manifest's own (`override`) or the `profile`'s.
pub fn sections(input: &Input, m: &Market, h: &ReviewHealth) -> (Vec<SectionView>, &'static str) {
    let custom = input
        .manifest
        .markets
        .iter()
        .find(|o| o.market.eq_ignore_ascii_case(m.code));
    let (order, source) = match custom {
        Some(o) => (o.sections.clone(), "override"),
        None => (m.profile.sections.to_vec(), "profile"),
    };
    let mut out: Vec<SectionView> = Vec::new();
    for s in order {
        if s == Section::Other || out.iter().any(|v| v.section == s.as_str()) {
            continue;
        }
        let items = items(input, m, h, s);
        out.push(SectionView {
            section: s.as_str(),
            shown: !items.is_empty(),
            items: if items.is_empty() {
                vec!["nothing to show".into()]
            } else {
                items
            },
        });
    }
    for s in m.profile.sections {
        if !out.iter().any(|v| v.section == s.as_str()) {
            out.push(SectionView {
                section: s.as_str(),
                shown: false,
                items: vec![format!(
                    "left out by the manifest's section order for {}",
                    m.code
                )],
            });
        }
    }
    (out, source)
}

fn items(input: &Input, m: &Market, h: &ReviewHealth, s: Section) -> Vec<String> {
    match s {
        Section::Summary => summary(input, h),
        Section::Returns => returns(m),
        Section::Certifications => certifications(input, m),
        Section::Reviews => reviews(input, m, h),
        Section::Company => company(input),
        Section::Limitations => limitations(input, m),
        Section::Evidence => {
            let videos = &input.manifest.evidence;
            let kinds: Vec<&str> = videos.iter().map(|e| e.kind.as_str()).collect();
            one_line(videos.len(), "video(s)", &kinds)
        }
        Section::Media => {
            let mentions = &input.manifest.media_mentions;
            let outlets: Vec<&str> = mentions.iter().map(|mm| mm.outlet.as_str()).collect();
            one_line(mentions.len(), "mention(s)", &outlets)
        }
        Section::Other => Vec::new(),
    }
}

/// "3 video(s): factory-tour, quality-check, live-replay", or nothing.
fn one_line(n: usize, what: &str, names: &[&str]) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    vec![format!("{n} {what}: {}", names.join(", "))]
}

fn summary(input: &Input, h: &ReviewHealth) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(mean) = h.mean {
        out.push(format!("{mean:.1} stars from {} reviews", h.count));
    }
    for a in input.aggregates.iter().filter(|a| a.item.product.is_none()) {
        let mean = a.item.mean().map_or("no".into(), |m| format!("{m:.1}"));
        out.push(format!(
            "collector aggregate: {mean} stars from {} ratings as of {} {MARK}",
            a.item.count, a.item.as_of
        ));
    }
    if out.is_empty() {
        // The widget still shows the brand and its signature line.
        out.push("no rating yet: brand name and signature only".into());
    }
    out
}

fn returns(m: &Market) -> Vec<String> {
    let Some((p, default)) = m.policy else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(r) = &p.returns {
        out.push(return_terms(r));
        if !r.steps.is_empty() {
            let lang = r.language.as_deref().unwrap_or("an unstated language");
            out.push(format!("{} return steps in {lang}", r.steps.len()));
        }
    }
    if let Some(s) = &p.shipping {
        let carrier = s
            .carrier
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        out.push(format!(
            "ships from {} in {}-{} days{carrier}",
            s.ship_from, s.delivery_days.min, s.delivery_days.max
        ));
    }
    if let Some(d) = &p.duties {
        out.push(
            match d.terms {
                DutyTerms::Ddp => "duties and taxes included (DDP)",
                DutyTerms::Ddu => "duties and taxes due on delivery (DDU)",
                DutyTerms::Other => "duties: terms this trustctl does not know",
            }
            .into(),
        );
    }
    if default && !out.is_empty() {
        out.push(format!("from the default policy: none names {}", m.code));
    }
    out
}

fn return_terms(r: &ReturnPolicy) -> String {
    let mut parts = vec![match (r.category, r.days) {
        (ReturnCategory::FiniteWindow, Some(d)) => format!("{d}-day returns"),
        (ReturnCategory::Unlimited, _) => "unlimited returns".into(),
        (ReturnCategory::NotPermitted, _) => "no returns".into(),
        _ => "returns (window not stated)".into(),
    }];
    match (r.fees, &r.shipping_fee) {
        (Some(ReturnFees::FreeReturn), _) => parts.push("free return shipping".into()),
        (Some(ReturnFees::CustomerResponsibility), _) => {
            parts.push("the shopper pays return shipping".into());
        }
        (Some(ReturnFees::ReturnShippingFees), Some(fee)) => {
            parts.push(format!("return shipping {} {}", fee.amount, fee.currency));
        }
        _ => {}
    }
    if let Some(t) = r.refund_type {
        let kind = match t {
            RefundType::FullRefund => "full refund",
            RefundType::StoreCredit => "store credit",
            RefundType::Exchange => "exchange",
            RefundType::Other => "refund",
        };
        parts.push(match r.refund_days {
            Some(d) => format!("{kind} within {d} days"),
            None => kind.into(),
        });
    }
    parts.join(", ")
}

/// Valid certificates, most persuasive kind for the market first (the widget's
/// badge order), the brand's order within a kind.
fn certifications(input: &Input, m: &Market) -> Vec<String> {
    let today = input.at;
    let kinds = m.profile.certification_kinds;
    let rank = |k: CertificationKind| kinds.iter().position(|x| *x == k).unwrap_or(kinds.len());
    let mut shown: Vec<&Claim<trust_manifest::Certification>> = input
        .certifications
        .iter()
        .filter(|c| !c.item.is_unbacked_sustainability_label() && c.item.valid_on(today))
        .collect();
    shown.sort_by_key(|c| rank(c.item.kind));
    shown
        .iter()
        .map(|c| {
            let mut s = format!("{} ({}", c.item.name, c.item.kind.as_str());
            if let Some(o) = &c.item.issued_by {
                s.push_str(&format!(", {}", o.name));
            }
            if let Some(e) = c.item.expires {
                s.push_str(&format!(", until {e}"));
            }
            // Several certificates can share a name (one CPNP notification per product).
            if !c.item.products.is_empty() {
                s.push_str(&format!(", for {}", c.item.products.join(", ")));
            }
            s.push(')');
            if c.attested {
                s.push_str(&format!(" {MARK}"));
            }
            s
        })
        .collect()
}

fn reviews(input: &Input, m: &Market, h: &ReviewHealth) -> Vec<String> {
    let product_counts = input
        .aggregates
        .iter()
        .filter(|a| a.item.product.is_some())
        .count();
    let mut out = Vec::new();
    if h.count > 0 {
        out.push(format!(
            "{} reviews, {} in {} (shown first)",
            h.count,
            h.in_market_languages,
            m.languages()
        ));
        if h.attested > 0 {
            out.push(format!("{} of them {MARK}", h.attested));
        }
    }
    if product_counts > 0 {
        out.push(format!(
            "{product_counts} product aggregate(s) from a collector {MARK}"
        ));
    }
    out
}

fn company(input: &Input) -> Vec<String> {
    let issuer = &input.manifest.issuer;
    let mut out = Vec::new();
    if let Some(r) = &issuer.registration {
        let registry = r.registry.as_deref().unwrap_or("registered");
        out.push(format!("{registry}, no. {} ({})", r.number, r.country));
    }
    let mut facts = Vec::new();
    if let Some(y) = issuer.founded {
        facts.push(format!("founded {y}"));
    }
    let mut countries: Vec<&str> = Vec::new();
    for l in &input.manifest.company.ship_from {
        if !countries.contains(&l.country.as_str()) {
            countries.push(&l.country);
        }
    }
    if !countries.is_empty() {
        facts.push(format!("ships from {}", countries.join(", ")));
    }
    if let Some(h) = input.manifest.company.response_time_hours {
        facts.push(format!("first answer within {h} hours"));
    }
    if !facts.is_empty() {
        out.push(facts.join("; "));
    }
    for c in &input.manifest.company.support {
        out.push(support(c));
    }
    // The widget shows the company section even when it says little.
    if out.is_empty() {
        out.push(format!("{} (no company facts)", issuer.name));
    }
    out
}

fn support(c: &SupportChannel) -> String {
    let mut s = format!("{} support", c.kind.as_str());
    if !c.languages.is_empty() {
        s.push_str(&format!(" in {}", c.languages.join("/")));
    }
    let hours: Vec<String> = c
        .hours
        .iter()
        .map(|h| {
            let days = match (h.days.first(), h.days.last()) {
                (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
                (Some(a), _) => a.clone(),
                _ => String::new(),
            };
            format!("{days} {}-{}", h.opens, h.closes)
        })
        .collect();
    if !hours.is_empty() {
        s.push_str(&format!(", {}", hours.join(", ")));
        if let Some(tz) = &c.timezone {
            s.push_str(&format!(" {tz}"));
        }
    }
    s
}

fn limitations(input: &Input, m: &Market) -> Vec<String> {
    let all = &input.manifest.limitations;
    if all.is_empty() {
        return Vec::new();
    }
    let mine = all.iter().filter(|l| m.reads(&l.language)).count();
    vec![format!(
        "{} honest limit(s), {mine} in {}",
        all.len(),
        m.languages()
    )]
}
