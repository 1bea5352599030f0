//! A small storefront written in Yew that embeds the trust widget as a component.
//! The page's root element carries the manifest URL and key as data attributes,
//! so the same build runs against any demo key.

use trust_widget::{TrustWidget, View};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
struct ShopProps {
    manifest: AttrValue,
    key: AttrValue,
}

#[function_component]
fn Shop(props: &ShopProps) -> Html {
    // The shopper can switch the widget's language; the component re-renders.
    let locale = use_state(|| AttrValue::from("en"));
    let to_german = {
        let locale = locale.clone();
        Callback::from(move |_| locale.set("de".into()))
    };
    html! {
        <main>
            <h1>{ "Ridgeline 2 Ultralight Tent" }</h1>
            <p>{ "A Yew app using the TrustWidget component." }</p>
            <button id="german" onclick={to_german}>{ "Deutsch" }</button>
            <TrustWidget
                manifest={props.manifest.clone()}
                public_key={Some(props.key.clone())}
                attesters={Some(AttrValue::from("/attesters.json"))}
                view={View::Summary}
                market={Some(AttrValue::from("US"))}
                locale={Some((*locale).clone())}
                product={Some(AttrValue::from("tent-ridgeline-2"))}
            />
        </main>
    }
}

#[wasm_bindgen(start)]
pub fn run() {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    let props = ShopProps {
        manifest: root
            .get_attribute("data-manifest")
            .unwrap_or_default()
            .into(),
        key: root.get_attribute("data-key").unwrap_or_default().into(),
    };
    yew::Renderer::<Shop>::with_root_and_props(root, props).render();
}
