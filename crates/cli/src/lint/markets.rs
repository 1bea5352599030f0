//! Lint rules about markets: return, shipping and duties terms, and the country,
//! currency and language codes the widget matches shoppers against. A code it
//! does not know matches no shopper, so the claim would silently never show.

use std::collections::{BTreeSet, HashSet};

use trust_manifest::{policy_for, ChannelKind, Manifest, Money};

use crate::iso_codes as codes;
use crate::lint::Lint;

pub fn check(m: &Manifest, l: &mut Lint) {
    policies(m, l);
    places_and_languages(m, l);
    market_returns(m, l);
}

fn policies(m: &Manifest, l: &mut Lint) {
    let mut claimed = HashSet::new();
    let mut default_seen = false;
    for (i, p) in m.policies.iter().enumerate() {
        let base = format!("/policies/{i}");
        if p.markets.is_empty() && !p.default {
            l.error(
                &base,
                "applies to no market: add `applicableCountry` or make it the `default`",
            );
        }
        if p.default && std::mem::replace(&mut default_seen, true) {
            l.warning(
                format!("{base}/default"),
                "a second default policy is never used; the first one wins",
            );
        }
        for (j, market) in p.markets.iter().enumerate() {
            let pointer = format!("{base}/applicableCountry/{j}");
            country(&pointer, market, l);
            if !claimed.insert(market.to_ascii_uppercase()) {
                l.warning(
                    pointer,
                    format!("{market} is named by an earlier policy, which wins"),
                );
            }
        }
        if let Some(r) = &p.returns {
            let base = format!("{base}/returns");
            money(
                &format!("{base}/returnShippingFeesAmount"),
                r.shipping_fee.as_ref(),
                l,
            );
            money(
                &format!("{base}/restockingFee"),
                r.restocking_fee.as_ref(),
                l,
            );
            if let Some(c) = &r.return_country {
                country(&format!("{base}/returnPolicyCountry"), c, l);
            }
            if let Some(lang) = &r.language {
                language(&format!("{base}/inLanguage"), lang, l);
            }
        }
        if let Some(s) = &p.shipping {
            country(&format!("{base}/shipping/shipFrom"), &s.ship_from, l);
            if s.delivery_days.min > s.delivery_days.max {
                l.error(
                    format!("{base}/shipping/deliveryDays"),
                    "min is greater than max",
                );
            }
        }
    }
}

fn money(pointer: &str, money: Option<&Money>, l: &mut Lint) {
    let Some(money) = money else { return };
    if !codes::is_currency(&money.currency) {
        l.error(
            format!("{pointer}/currency"),
            format!(
                "unknown currency {:?}; use an ISO 4217 code such as EUR, USD or JPY",
                money.currency
            ),
        );
    }
    let (int, frac) = money.amount.split_once('.').unwrap_or((&money.amount, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) {
        l.error(
            format!("{pointer}/amount"),
            format!(
                "{:?} is not a decimal amount such as \"4.95\"",
                money.amount
            ),
        );
    }
}

fn places_and_languages(m: &Manifest, l: &mut Lint) {
    if let Some(r) = &m.issuer.registration {
        country("/issuer/registration/country", &r.country, l);
    }
    for (i, loc) in m.company.ship_from.iter().enumerate() {
        country(&format!("/company/ship_from/{i}/country"), &loc.country, l);
    }
    for (i, ch) in m.company.support.iter().enumerate() {
        for (j, lang) in ch.languages.iter().enumerate() {
            language(&format!("/company/support/{i}/languages/{j}"), lang, l);
        }
        if ch.kind == ChannelKind::Chat && !trust_manifest::url::is_safe_https(&ch.address) {
            l.error(
                format!("/company/support/{i}/address"),
                "a chat channel's address must be an https URL",
            );
        }
    }
    for (i, mm) in m.media_mentions.iter().enumerate() {
        if let Some(lang) = &mm.language {
            language(&format!("/media_mentions/{i}/inLanguage"), lang, l);
        }
    }
    for (i, lim) in m.limitations.iter().enumerate() {
        language(&format!("/limitations/{i}/inLanguage"), &lim.language, l);
    }
    for (i, o) in m.markets.iter().enumerate() {
        country(&format!("/markets/{i}/market"), &o.market, l);
    }
}

/// Every market the brand names (in policies or market overrides) should have
/// return terms: returns are what cross-border shoppers check first.
fn market_returns(m: &Manifest, l: &mut Lint) {
    let named = m
        .policies
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.markets
                .iter()
                .enumerate()
                .map(move |(j, c)| (format!("/policies/{i}/applicableCountry/{j}"), c))
        })
        .chain(
            m.markets
                .iter()
                .enumerate()
                .map(|(i, o)| (format!("/markets/{i}/market"), &o.market)),
        );
    let mut done = BTreeSet::new();
    for (pointer, market) in named {
        if !codes::is_country(market) || !done.insert(market.to_ascii_uppercase()) {
            continue;
        }
        match policy_for(&m.policies, market) {
            Some((p, _)) if p.returns.is_some() => {}
            Some(_) => l.warning(pointer, format!("market {market} has a policy without `returns`; shoppers there see no return terms")),
            None => l.warning(pointer, format!("market {market} has no return policy; add one or a `default` policy")),
        }
    }
}

pub fn country(pointer: &str, code: &str, l: &mut Lint) {
    if !codes::is_country(code) {
        l.error(pointer, format!("unknown country {code:?}; use an ISO 3166-1 alpha-2 code such as DE, US or JP (GB, not UK)"));
    }
}

pub fn language(pointer: &str, tag: &str, l: &mut Lint) {
    if !codes::is_language_tag(tag) {
        l.error(
            pointer,
            format!("unknown language {tag:?}; use a BCP 47 tag such as de, en-US or ja (not jp)"),
        );
    }
}
