//! "As seen in": press coverage, linked only when the link is plain https.

use yew::prelude::*;

use super::external;
use super::{section, sub_id};
use crate::context::{Ctx, Trust};
use crate::i18n::Loc;

/// The section; its heading id derives from `uid`, the view's own.
pub fn media_section(trust: &Trust, ctx: &Ctx, uid: &str) -> Html {
    let id = sub_id(uid, "media");
    let loc = Loc::new(&ctx.locale);
    let t = loc.t;
    let body = html! {
        <>
            <ul class="tw-mentions" role="list">
                { for trust.media_mentions().iter().map(|m| html! {
                    <li class="tw-mention">
                        <span class="tw-mention-outlet">{ m.outlet.clone() }</span>
                        <span class="tw-mention-title" lang={m.language.clone()} dir="auto">{ external(&m.url, html! { m.title.clone() }, t) }</span>
                        if let Some(d) = m.date {
                            <time class="tw-muted" datetime={d.to_string()}>{ loc.date(d) }</time>
                        }
                    </li>
                }) }
            </ul>
        </>
    };
    section("tw-section tw-media", None, id, t.h_media(), body)
}
