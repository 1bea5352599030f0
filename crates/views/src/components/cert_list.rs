//! A row of certification badges and the details dialog of the one opened.

use web_sys::Element;
use yew::prelude::*;

use super::cert_badge::cert_badge;
use super::cert_details::cert_details;
use super::data::CertRef;
use super::modal::Modal;
use crate::context::{Ctx, Trust};
use crate::i18n::Loc;

#[derive(Properties, PartialEq)]
pub struct CertListProps {
    pub trust: Trust,
    pub ctx: Ctx,
    pub certs: Vec<CertRef>,
    #[prop_or_default]
    pub compact: bool,
}

#[function_component]
pub fn CertList(props: &CertListProps) -> Html {
    // The open badge's certification and the control to return focus to.
    let open = use_state(|| None::<(usize, Option<Element>)>);
    let loc = Loc::new(&props.ctx.locale);
    let t = loc.t;
    let on_open = {
        let open = open.clone();
        Callback::from(move |which| open.set(Some(which)))
    };
    let on_close = {
        let open = open.clone();
        Callback::from(move |_| open.set(None))
    };
    let dialog = (*open).clone().and_then(|(index, opener)| {
        let cert = props.certs.iter().find(|c| c.index == index)?;
        let c = props.trust.certifications().get(index)?;
        Some(html! {
            <Modal title={c.name.clone()} close_label={t.close()} {on_close} {opener}>
                { cert_details(&props.trust, &loc, index, cert.expired) }
            </Modal>
        })
    });
    html! {
        <>
            <ul class={classes!("tw-badges", props.compact.then_some("tw-badges-compact"))} role="list">
                { for props.certs.iter().map(|c| cert_badge(&props.trust, &loc, *c, props.compact, &on_open)) }
            </ul>
            // One node whether open or not: Yew diffs unkeyed children from the
            // end, so an appearing sibling would otherwise rebuild the badges
            // (and lose the button focus returns to).
            { dialog.unwrap_or_default() }
        </>
    }
}
