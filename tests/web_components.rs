//! The views in headless Chromium (`wasm-bindgen-test-runner`), rendered from a
//! manifest signed in the test and verified with `verify_manifest`, as the
//! widget would: what is shown, what is never shown, and the dialog behaviour.
#![cfg(target_arch = "wasm32")]

#[path = "../crates/manifest/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{attest, key, sign_manifest, statement_about, verify_with, BRAND};
use trust_manifest::{
    ts, AttestationKind, AttesterEntry, TrustList, TrustListFile, VerifiedManifest,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlDialogElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: &str = "2026-11-20T12:00:00Z";
const HTTP_LOOKUP: &str = "http://registry.example/cert/77";
const HTTPS_LOOKUP: &str = "https://www.oeko-tex.com/en/label-check?id=21.0.12345";

/// Seeds of the test keys beside the shared fixtures' brand: the collector this
/// test trusts (as "Trustmark Reviews"), and a stranger who signs attestations too
/// but whom nobody trusts.
const COLLECTOR: u8 = 2;
const STRANGER: u8 = 9;

fn attested_review(seed: u8, review: Value) -> Value {
    let issued = "2026-11-01T00:00:00Z";
    let s = statement_about(BRAND, "review", Some("bag-1"), issued, None, review);
    json!({ "attestation": attest(seed, &s) })
}

fn review(id: &str, lang: &str, stars: u8, body: &str) -> Value {
    json!({
        "id": id, "product": "bag-1", "reviewRating": { "ratingValue": stars },
        "reviewBody": body, "inLanguage": lang, "datePublished": "2026-10-01", "author": "A. Buyer",
        "verification": { "method": "order-invitation", "checked": "2026-09-20" },
    })
}

fn cert(id: &str, name: &str, kind: &str, extra: Value) -> Value {
    let mut c = json!({ "id": id, "name": name, "kind": kind, "scheme": name, "issuedBy": { "name": "Lab" } });
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    json!({ "certification": c })
}

/// A small manifest covering the cases under test, signed and verified.
fn verified() -> VerifiedManifest {
    let manifest = json!({
        "spec": "1", "issued_at": "2026-11-19T00:00:00Z", "expires_at": "2026-12-19T00:00:00Z", "sequence": 3,
        "issuer": { "id": "northwind", "name": "Northwind Outdoor", "website": "https://northwind.example", "founded": 2011 },
        "products": [{ "id": "bag-1", "handle": "alpine-bag", "name": "Alpine bag" }],
        "certifications": [
            cert("oeko", "OEKO-TEX STANDARD 100", "material", json!({ "expires": "2027-02-28", "url": HTTPS_LOOKUP })),
            cert("plain", "Plain Safety Mark", "safety", json!({ "expires": "2027-06-30", "url": HTTP_LOOKUP, "certificationIdentification": "PSM-77" })),
            cert("old", "Old Safety Mark", "safety", json!({ "expires": "2025-01-31" })),
            // A sustainability claim with no scheme or issuer (EU 2024/825): never a label.
            json!({ "certification": { "id": "green", "name": "Green Promise", "kind": "sustainability" } }),
        ],
        "reviews": [
            attested_review(COLLECTOR, review("r-en", "en", 5, "Warm and light, English review.")),
            attested_review(COLLECTOR, review("r-de", "de", 4, "Warm und leicht, deutsche Bewertung.")),
            json!({ "review": review("r-ja", "ja", 5, "暖かくて軽い、日本語のレビュー。") }),
            attested_review(STRANGER, review("r-evil", "de", 5, "ROGUE review from an untrusted key")),
        ],
        "policies": [
            { "applicableCountry": ["DE"], "returns": { "returnPolicyCategory": "finite-window", "merchantReturnDays": 30, "returnFees": "free-return" },
              "shipping": { "shipFrom": "DE", "deliveryDays": { "min": 1, "max": 3 } }, "duties": { "terms": "DDP" } },
            { "default": true, "returns": { "returnPolicyCategory": "finite-window", "merchantReturnDays": 14, "returnFees": "customer-pays" },
              "duties": { "terms": "DDU" } },
        ],
    });
    let envelope = sign_manifest(&serde_json::to_vec(&manifest).unwrap(), &[BRAND]);
    let trust = TrustList::from_file(&TrustListFile {
        attesters: vec![AttesterEntry {
            name: "Trustmark Reviews".into(),
            key: key(COLLECTOR).to_string(),
            kinds: vec![AttestationKind::Review, AttestationKind::Aggregate],
            url: None,
            log: None,
        }],
    })
    .unwrap();
    let json = serde_json::to_vec(&envelope).unwrap();
    verify_with(&json, &[key(BRAND)], &trust, ts(NOW), None).expect("the test manifest verifies")
}

async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(10)).await;
}

/// Waits until `done` holds, up to two seconds: effects (a dialog's `showModal`)
/// run after the render that a click schedules, later still on a loaded machine.
async fn until(done: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if done() {
            return true;
        }
        tick().await;
    }
    done()
}

/// Renders a view into a fresh element and waits until Yew has drawn it.
async fn render(view: &str, market: &str, locale: &str, show_expired: bool) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    trust_widget::testing::render_verified(
        root.clone(),
        verified(),
        view,
        market,
        locale,
        None,
        show_expired,
    );
    for _ in 0..100 {
        if root.query_selector(".tw-view").unwrap().is_some() {
            break;
        }
        tick().await;
    }
    tick().await;
    assert!(
        root.query_selector(".tw-view").unwrap().is_some(),
        "the {view} view rendered"
    );
    root
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn has_class(el: &Element, class: &str) -> bool {
    el.class_name().split_whitespace().any(|c| c == class)
}

fn badge_named(root: &Element, name: &str) -> Option<Element> {
    all(root, ".tw-badge")
        .into_iter()
        .find(|b| text(b).contains(name))
}

#[wasm_bindgen_test]
async fn expired_certificates_are_hidden_unless_asked_and_then_marked() {
    let root = render("certifications", "DE", "en", false).await;
    assert!(badge_named(&root, "OEKO-TEX").is_some());
    assert!(
        !text(&root).contains("Old Safety Mark"),
        "expired certificate shown by default"
    );

    let root = render("certifications", "DE", "en", true).await;
    let old = badge_named(&root, "Old Safety Mark").expect("shown when asked");
    assert!(has_class(&old, "tw-badge-expired"));
    assert!(text(&old).contains("Expired"));
    assert!(
        !text(&old).contains("Valid until"),
        "an expired certificate is never called valid"
    );
    let valid = badge_named(&root, "OEKO-TEX").unwrap();
    assert!(!has_class(&valid, "tw-badge-expired"));
}

#[wasm_bindgen_test]
async fn unbacked_sustainability_label_is_never_shown() {
    for (view, expired) in [
        ("certifications", false),
        ("certifications", true),
        ("summary", false),
        ("full", true),
    ] {
        let root = render(view, "DE", "en", expired).await;
        assert!(
            !text(&root).contains("Green Promise"),
            "{view}: unbacked label shown"
        );
    }
}

#[wasm_bindgen_test]
async fn duties_wording_follows_the_market_policy() {
    let de = render("returns", "DE", "de", false).await;
    assert!(
        text(&de).contains("Zölle und Steuern inklusive"),
        "{}",
        text(&de)
    );
    assert!(
        de.query_selector(".tw-notice").unwrap().is_none(),
        "DE has its own terms"
    );

    let us = render("returns", "US", "en", false).await;
    assert!(
        text(&us).contains("Import duties and taxes due on delivery"),
        "{}",
        text(&us)
    );
    assert!(!text(&us).contains("Duties and taxes included"));
}

#[wasm_bindgen_test]
async fn default_policy_is_announced_as_the_general_terms() {
    let us = render("returns", "US", "en", false).await;
    let notice = us
        .query_selector(".tw-notice")
        .unwrap()
        .expect("a fallback notice");
    assert_eq!(
        text(&notice).trim(),
        "No terms specific to United States; showing the store's general terms."
    );
    assert!(text(&us).contains("14 days to return"));
}

#[wasm_bindgen_test]
async fn reviews_in_the_shoppers_language_come_first() {
    for (locale, expected) in [
        ("de", "deutsche Bewertung"),
        ("ja", "日本語のレビュー"),
        ("en", "English review"),
    ] {
        let root = render("reviews", "DE", locale, false).await;
        let first = all(&root, ".tw-slide").into_iter().next().expect("a slide");
        assert!(
            text(&first).contains(expected),
            "{locale}: first slide was {:?}",
            text(&first)
        );
        assert!(has_class(&first, "tw-slide-active"));
    }
}

#[wasm_bindgen_test]
async fn a_review_signed_by_an_untrusted_key_is_never_shown() {
    let root = render("reviews", "DE", "de", false).await;
    assert_eq!(
        all(&root, ".tw-slide").len(),
        3,
        "three reviews pass their check"
    );
    assert!(!text(&root).contains("ROGUE"));
    // The rating is computed (in slices, asynchronously) from the reviews that
    // passed, and says so.
    for _ in 0..100 {
        if text(&root).contains("Berechnet aus den Bewertungen") {
            break;
        }
        tick().await;
    }
    assert!(text(&root).contains("Berechnet aus den Bewertungen, die die Marke veröffentlicht"));
    assert_eq!(all(&root, "meter").len(), 5, "the full 1–5 histogram");
}

#[wasm_bindgen_test]
async fn carousel_follows_the_apg_pattern() {
    let root = render("reviews", "DE", "en", false).await;
    let carousel = root
        .query_selector("[aria-roledescription=carousel]")
        .unwrap()
        .expect("carousel region");
    assert_eq!(carousel.get_attribute("role").as_deref(), Some("region"));
    let slides = all(&root, "[aria-roledescription=slide]");
    assert_eq!(
        slides[0].get_attribute("aria-label").as_deref(),
        Some("1 of 3")
    );
    assert!(
        slides[1].has_attribute("inert") && !slides[0].has_attribute("inert"),
        "hidden slides are inert"
    );
    assert_eq!(all(&root, "[role=tab]").len(), 3);
    let next: HtmlElement = root
        .query_selector("[aria-label='Next review']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    next.click();
    tick().await;
    assert!(has_class(&slides[1], "tw-slide-active"));
    let chips: Vec<String> = all(&root, ".tw-chip").iter().map(text).collect();
    assert!(
        chips
            .iter()
            .any(|c| c.contains("Verified purchase · via Trustmark Reviews")),
        "{chips:?}"
    );
    assert!(
        chips.iter().any(|c| c.contains("Stated by the brand")),
        "{chips:?}"
    );
}

#[wasm_bindgen_test]
async fn lookup_links_only_for_https_and_the_dialog_returns_focus() {
    let root = render("certifications", "DE", "en", false).await;
    assert!(root.query_selector("a[href^='http:']").unwrap().is_none());

    let badge: HtmlElement = badge_named(&root, "Plain Safety Mark")
        .unwrap()
        .dyn_into()
        .unwrap();
    badge.click();
    tick().await;
    let dialog: HtmlDialogElement = root
        .query_selector("dialog")
        .unwrap()
        .expect("details dialog")
        .dyn_into()
        .unwrap();
    assert!(until(|| dialog.open()).await, "opened modally");
    let inside = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert!(
        dialog.contains(Some(&inside)),
        "focus moved into the dialog"
    );
    assert!(text(&dialog).contains("PSM-77"));
    assert!(
        text(&dialog).contains(HTTP_LOOKUP),
        "the URL is shown as text"
    );
    assert!(
        dialog.query_selector("a[href^='http:']").unwrap().is_none(),
        "but never linked"
    );
    dialog.close();
    tick().await;
    assert!(
        root.query_selector("dialog").unwrap().is_none(),
        "closing unmounts it"
    );
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(
        &focused,
        badge.unchecked_ref::<Element>(),
        "focus returns to the badge"
    );

    let badge: HtmlElement = badge_named(&root, "OEKO-TEX").unwrap().dyn_into().unwrap();
    badge.click();
    tick().await;
    let link = root
        .query_selector(&format!("dialog a[href='{HTTPS_LOOKUP}']"))
        .unwrap();
    assert!(link.is_some(), "an https lookup page is linked");
}

#[wasm_bindgen_test]
async fn no_style_attributes_anywhere() {
    // The widget must work under a CSP without 'unsafe-inline' styles.
    let root = render("full", "DE", "de", true).await;
    assert!(all(&root, "[style]").is_empty());
    assert_eq!(
        root.query_selector(".tw-view")
            .unwrap()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("de")
    );
    let ar = render("summary", "AE", "ar", false).await;
    assert_eq!(
        ar.query_selector(".tw-view")
            .unwrap()
            .unwrap()
            .get_attribute("dir")
            .as_deref(),
        Some("rtl")
    );
}
