//! Runs in headless Chromium through wasm-bindgen-test-runner (`cargo xtask test wasm`):
//! proves a Yew component mounts into a real DOM element there.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn start_renders_into_the_given_element() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();

    trust_widget::start(root.clone());

    // Yew renders on its scheduler, not synchronously: yield to the event loop until it has.
    for _ in 0..50 {
        if root.text_content().unwrap_or_default() != "" {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    let p = root
        .first_element_child()
        .expect("the component rendered an element");
    assert_eq!(p.tag_name(), "P");
    assert_eq!(p.class_name(), "trust-widget");
    assert_eq!(root.text_content().unwrap(), "Trust widget placeholder");
}
