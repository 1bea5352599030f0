//! About the company: age, legal identity and register, where orders ship
//! from, and how to reach support, in which languages and when.

use trust_manifest::{ChannelKind, OpeningHours, SupportChannel};
use yew::prelude::*;

use super::data::year;
use super::icons::{icon, Icon};
use super::{dl_row, external, section, sub_id};
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc};
use crate::intl;

const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// "Mon–Fri 09:00–18:00": consecutive days become a range.
fn hours_text(loc: &Loc, h: &OpeningHours) -> String {
    let idx: Vec<u32> = h
        .days
        .iter()
        .filter_map(|d| {
            DAYS.iter()
                .position(|x| x.eq_ignore_ascii_case(d))
                .map(|p| p as u32)
        })
        .collect();
    let consecutive = idx.windows(2).all(|w| w[1] == w[0] + 1);
    let days = match (idx.first(), idx.last()) {
        (Some(a), Some(b)) if consecutive && idx.len() > 2 => format!(
            "{}–{}",
            intl::weekday(&loc.locale, *a),
            intl::weekday(&loc.locale, *b)
        ),
        _ => idx
            .iter()
            .map(|d| intl::weekday(&loc.locale, *d))
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!("{days} {}–{}", h.opens, h.closes)
}

/// A support channel's address, as a link where that is safe: mailto and tel
/// for plain addresses and numbers, https only for chat.
fn address(ch: &SupportChannel, t: &crate::i18n::Strings) -> Html {
    let a = ch.address.trim();
    let plain = !a.is_empty()
        && !a.contains(|c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, ':' | '?' | '&' | '/' | '<' | '>')
        });
    match ch.kind {
        ChannelKind::Email if plain && a.contains('@') => {
            html! { <a class="tw-link" href={format!("mailto:{a}")}>{ a }</a> }
        }
        ChannelKind::Phone
            if a.chars().any(|c| c.is_ascii_digit())
                && a.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')')) =>
        {
            let digits: String = a
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            html! { <a class="tw-link" href={format!("tel:{digits}")}>{ a }</a> }
        }
        _ => external(a, html! { a }, t),
    }
}

/// The section; its heading id derives from `uid`, the view's own.
pub fn company_section(trust: &Trust, ctx: &Ctx, uid: &str) -> Html {
    let id = sub_id(uid, "company");
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let issuer = trust.issuer();
    let company = trust.company();
    let age = issuer.founded.map(|f| {
        let years = (year(ctx.now.date()) - i64::from(f)).max(0) as u64;
        let founded = fill(t.founded(), &[("year", &f.to_string())]);
        if years > 0 {
            format!("{founded} · {}", loc.plural(years, t.years(), &[]))
        } else {
            founded
        }
    });
    let channel_name = |k: ChannelKind| match k {
        ChannelKind::Email => t.ch_email(),
        ChannelKind::Phone => t.ch_phone(),
        ChannelKind::WhatsApp => "WhatsApp",
        ChannelKind::Line => "LINE",
        ChannelKind::KakaoTalk => "KakaoTalk",
        ChannelKind::WeChat => "WeChat",
        ChannelKind::Chat => t.ch_chat(),
        ChannelKind::Other => t.ch_other(),
    };
    let place = |l: &trust_manifest::Location| {
        let mut s = l.city.as_ref().map_or_else(
            || loc.country(&l.country),
            |c| format!("{c}, {}", loc.country(&l.country)),
        );
        if let Some(role) = &l.role {
            s = format!("{s} ({role})");
        }
        s
    };
    let body = html! {
        <>
            <p class="tw-company-name">
                <span class="tw-fact-icon">{ icon(Icon::Building) }</span>
                <span class="tw-strong">{ external(&issuer.website, html! { issuer.name.clone() }, t) }</span>
                // The separator is the stylesheet's to drop where the age gets a line of its own.
                if let Some(age) = age { <span class="tw-muted tw-company-age"><span class="tw-sep" aria-hidden="true">{ "· " }</span>{ age }</span> }
            </p>
            <dl class="tw-dl">
                if let Some(n) = &issuer.legal_name {
                    { dl_row(t.legal_name(), html! { n.clone() }) }
                }
                if let Some(r) = &issuer.registration {
                    { dl_row(t.registration(), html! {
                        <>
                            <span class="tw-line"><code class="tw-code">{ r.number.clone() }</code></span>
                            <span class="tw-line">{ r.registry.clone().map_or_else(|| loc.country(&r.country), |g| format!("{g}, {}", loc.country(&r.country))) }</span>
                            if let Some(url) = &r.url {
                                <span class="tw-line">{ external(url, html! { t.check_register() }, t) }</span>
                            }
                        </>
                    }) }
                }
                if !company.ship_from.is_empty() {
                    { dl_row(t.ships_from_label(), html! { intl::list(&loc.locale, &company.ship_from.iter().map(place).collect::<Vec<_>>()) }) }
                }
            </dl>
            if !company.support.is_empty() {
                <h3 class="tw-subheading">{ t.support() }</h3>
                <ul class="tw-channels" role="list">
                    { for company.support.iter().map(|ch| {
                        let langs: Vec<String> = ch.languages.iter().map(|l| loc.language(l)).collect();
                        html! {
                            <li class="tw-channel">
                                <span class="tw-fact-icon">{ icon(Icon::Chat) }</span>
                                <span>
                                    <span class="tw-line"><span class="tw-strong">{ channel_name(ch.kind) }</span>{ " " }{ address(ch, t) }</span>
                                    if !langs.is_empty() {
                                        <span class="tw-line tw-muted">{ fill(t.speaks(), &[("languages", &intl::list(&loc.locale, &langs))]) }</span>
                                    }
                                    { for ch.hours.iter().map(|h| html! {
                                        <span class="tw-line tw-muted">
                                            { hours_text(&loc, h) }
                                            if let Some(tz) = &ch.timezone { { format!(" ({tz})") } }
                                        </span>
                                    }) }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
                if let Some(h) = company.response_time_hours {
                    <p class="tw-muted">{ loc.plural(h.into(), t.reply_hours(), &[]) }</p>
                }
            }
        </>
    };
    section("tw-section tw-company", None, id, t.h_company(), body)
}
