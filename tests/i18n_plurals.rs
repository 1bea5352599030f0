//! Plural forms in headless Chromium: the browser's `Intl.PluralRules` picks the
//! CLDR category and the language file has a form for each (the views' native
//! tests check the same numbers with ICU4X, as `trustctl render` formats).
#![cfg(target_arch = "wasm32")]

use trust_views::i18n::Loc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Arabic's six forms: 0 zero, 1 one, 2 two, 3 few (3–10), 11 many (11–99),
/// 100 other.
#[wasm_bindgen_test]
fn arabic_counts_use_all_six_forms() {
    let loc = Loc::new("ar");
    let shown: Vec<String> = [0, 1, 2, 3, 11, 100]
        .into_iter()
        .map(|n| loc.plural(n, loc.t.reviews(), &[]))
        .collect();
    // The numbers themselves are Intl's (Arabic-Indic digits in some browsers).
    assert_eq!(shown[..3], ["لا تقييمات", "تقييم واحد", "تقييمان"]);
    assert!(shown[3].ends_with(" تقييمات"), "{}", shown[3]);
    assert!(shown[4].ends_with(" تقييمًا"), "{}", shown[4]);
    assert!(shown[5].ends_with(" تقييم"), "{}", shown[5]);
    assert_eq!(
        loc.plural(2, loc.t.delivery_days(), &[]),
        "التوصيل خلال يومين"
    );
}

/// French takes "de" after a round million (CLDR's `many`), and counts 0 and 1
/// as `one`; English falls back to `other` for what it does not list.
#[wasm_bindgen_test]
fn french_many_and_english_other() {
    let fr = Loc::new("fr");
    let million = fr.plural(1_000_000, fr.t.reviews(), &[]);
    assert!(million.ends_with(" d’avis"), "{million}");
    assert_eq!(fr.plural(0, fr.t.stars(), &[]), "0 étoile");
    let en = Loc::new("en");
    assert_eq!(en.plural(1, en.t.reviews(), &[]), "1 review");
    assert_eq!(en.plural(3, en.t.reviews(), &[]), "3 reviews");
}
