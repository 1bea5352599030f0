//! "As seen in": press coverage, linked only when the link is plain https.

use yew::prelude::*;

use super::external;
use super::use_uid;
use crate::context::{Ctx, Trust};
use crate::i18n::Loc;

#[derive(Properties, PartialEq)]
pub struct MediaProps {
    pub trust: Trust,
    pub ctx: Ctx,
}

#[function_component]
pub fn Media(props: &MediaProps) -> Html {
    let id = use_uid("media");
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    html! {
        <section class="tw-section tw-media" aria-labelledby={id.clone()}>
            <h2 {id} class="tw-heading">{ t.h_media }</h2>
            <ul class="tw-mentions" role="list">
                { for props.trust.media_mentions().iter().map(|m| html! {
                    <li class="tw-mention">
                        <span class="tw-mention-outlet">{ m.outlet.clone() }</span>
                        <span class="tw-mention-title" lang={m.language.clone()} dir="auto">{ external(&m.url, html! { m.title.clone() }, t) }</span>
                        if let Some(d) = m.date {
                            <time class="tw-muted" datetime={d.to_string()}>{ loc.date(d) }</time>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}
