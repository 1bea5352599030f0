//! Evidence videos (factory tours, quality checks, live replays): a poster and
//! a link that opens the video in a new tab. Nothing plays and no third-party
//! frame loads until the shopper asks.

use trust_manifest::url::{is_loadable_image, is_safe_https};
use trust_manifest::{EvidenceKind, EvidenceMedia};
use yew::prelude::*;

use super::data::product_id;
use super::icons::{icon, Icon};
use super::{section, sub_id};
use crate::context::{Ctx, Trust};
use crate::i18n::{fill, Loc, Strings};

fn kind_label(t: &Strings, k: EvidenceKind) -> &'static str {
    match k {
        EvidenceKind::FactoryTour => t.ev_factory_tour(),
        EvidenceKind::QualityCheck => t.ev_quality_check(),
        EvidenceKind::LiveReplay => t.ev_live_replay(),
        EvidenceKind::LabTest => t.ev_lab_test(),
        EvidenceKind::Other => t.ev_other(),
    }
}

fn clock(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Videos for this page: store-wide ones and those naming its product.
pub fn evidence_for<'a>(trust: &'a Trust, ctx: &Ctx) -> Vec<&'a EvidenceMedia> {
    let product = product_id(trust, ctx);
    trust
        .evidence()
        .iter()
        .filter(|e| {
            e.products.is_empty() || product.as_ref().is_none_or(|p| e.products.contains(p))
        })
        .collect()
}

/// The section; its heading id derives from `uid`, the view's own.
pub fn evidence_section(trust: &Trust, ctx: &Ctx, uid: &str) -> Html {
    let id = sub_id(uid, "evidence");
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let card = |e: &EvidenceMedia| {
        let poster = e.poster.as_deref().filter(|p| is_loadable_image(p, ctx.local_origin.as_deref())).map(|p| html! {
            <img class="tw-poster-img" src={p.to_owned()} alt="" loading="lazy" decoding="async" width="320" height="180" referrerpolicy="no-referrer" />
        });
        let frame = html! {
            <span class="tw-poster">
                { for poster }
                <span class="tw-poster-play">{ icon(Icon::Play) }</span>
                if let Some(d) = e.duration_seconds { <span class="tw-poster-time">{ clock(d) }</span> }
            </span>
        };
        let linked = is_safe_https(&e.video);
        // The link's name holds what it shows, the duration (WCAG 2.5.3, label in
        // name: a speech user says what they see), after the title it stands for.
        let mut name = fill(t.watch(), &[("title", &e.title)]);
        if let Some(d) = e.duration_seconds {
            name = format!("{name} {}", clock(d));
        }
        let mut meta = vec![kind_label(t, e.kind).to_owned()];
        if let Some(d) = e.recorded {
            meta.push(fill(t.recorded(), &[("date", &loc.date(d))]));
        }
        html! {
            <li class="tw-evidence-item">
                if linked {
                    <a class="tw-evidence-link" href={e.video.clone()} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer"
                        aria-label={format!("{name} ({})", t.new_tab())}>
                        { frame }
                    </a>
                } else {
                    { frame }
                }
                <span class="tw-evidence-title">{ e.title.clone() }</span>
                <span class="tw-muted tw-evidence-meta">{ meta.join(" · ") }</span>
                if !e.chapters.is_empty() {
                    <details class="tw-chapters">
                        <summary>{ t.chapters() }</summary>
                        <ol>{ for e.chapters.iter().map(|c| html! { <li><span class="tw-code">{ clock(c.at) }</span>{ " " }{ c.title.clone() }</li> }) }</ol>
                    </details>
                }
            </li>
        }
    };
    let body = html! {
        <>
            <ul class="tw-evidence-grid" role="list">{ for evidence_for(trust, ctx).into_iter().map(card) }</ul>
        </>
    };
    section("tw-section tw-evidence", None, id, t.h_evidence(), body)
}
