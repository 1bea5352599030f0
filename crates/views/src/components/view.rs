//! The root of every view: sets the UI language and direction and the theme,
//! and chooses the view the embed asked for.

use yew::prelude::*;

use super::later::{render, Shared};
use super::review_store::ReviewStore;
use super::summary::Summary;
use super::use_uid;
use crate::context::{Ctx, Trust};
use crate::i18n::Lang;
use crate::view_theme::{Theme, View};

#[derive(Properties, PartialEq)]
pub struct TrustViewProps {
    pub trust: Trust,
    pub ctx: Ctx,
}

#[function_component]
pub fn TrustView(props: &TrustViewProps) -> Html {
    // One review store per manifest, shared by every section of the view.
    let store = use_memo(props.trust.clone(), |t| ReviewStore::new(t.clone()));
    let store = (*store).clone();
    // The view's own id: sections derive their heading ids from it.
    let uid = use_uid("view");
    let lang = Lang::shown(&props.ctx.locale);
    let trust = props.trust.clone();
    let ctx = props.ctx.clone();
    let view_class = match ctx.view {
        View::Summary => "tw-view-summary",
        View::Certifications => "tw-view-certifications",
        View::Reviews => "tw-view-reviews",
        View::Returns => "tw-view-returns",
        View::Full => "tw-view-full",
    };
    // The summary is on every first paint; the other views' code may sit in a
    // chunk the shell loads first (`later.rs`).
    let body = match ctx.view {
        View::Summary => html! { <Summary {trust} {ctx} {store} /> },
        _ => render(&trust, &ctx, &Shared { store, uid }),
    };
    let theme = match props.ctx.theme {
        Theme::Auto => "tw-theme-auto",
        Theme::Light => "tw-theme-light",
        Theme::Dark => "tw-theme-dark",
    };
    html! {
        <div class={classes!("tw-view", view_class, theme)} lang={lang.tag()} dir={lang.dir()}>
            { body }
        </div>
    }
}
