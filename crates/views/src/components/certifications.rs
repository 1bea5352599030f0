//! The certifications view: every certificate covering this product that is
//! valid today (expired ones only on request, and marked).

use yew::prelude::*;

use super::cert_list::CertList;
use super::data::certifications;
use super::{section, sub_id};
use crate::context::{Ctx, Trust};
use crate::i18n::Loc;

/// The section; its heading id derives from `uid`, the view's own.
pub fn certifications_section(trust: &Trust, ctx: &Ctx, uid: &str) -> Html {
    let id = sub_id(uid, "certs");
    let t = Loc::new(&ctx.locale).t;
    let certs = certifications(trust, ctx, ctx.show_expired);
    let body = html! {
        <>
            if certs.is_empty() {
                <p class="tw-muted">{ t.no_certifications() }</p>
            } else {
                <CertList trust={trust.clone()} ctx={ctx.clone()} {certs} />
            }
        </>
    };
    section(
        "tw-section tw-certifications",
        None,
        id,
        t.h_certifications(),
        body,
    )
}
