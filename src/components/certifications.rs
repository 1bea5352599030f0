//! The certifications view: every certificate covering this product that is
//! valid today (expired ones only on request, and marked).

use yew::prelude::*;

use super::cert_list::CertList;
use super::data::certifications;
use super::use_uid;
use crate::context::{Ctx, Trust};
use crate::i18n::Loc;

#[derive(Properties, PartialEq)]
pub struct CertificationsProps {
    pub trust: Trust,
    pub ctx: Ctx,
}

#[function_component]
pub fn Certifications(props: &CertificationsProps) -> Html {
    let id = use_uid("certs");
    let t = Loc::new(&props.ctx.locale).t;
    let certs = certifications(&props.trust, &props.ctx, props.ctx.show_expired);
    html! {
        <section class="tw-section tw-certifications" aria-labelledby={id.clone()}>
            <h2 {id} class="tw-heading">{ t.h_certifications }</h2>
            if certs.is_empty() {
                <p class="tw-muted">{ t.no_certifications }</p>
            } else {
                <CertList trust={props.trust.clone()} ctx={props.ctx.clone()} {certs} />
            }
        </section>
    }
}
