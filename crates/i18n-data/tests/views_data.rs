//! The widget's real language files (crates/views/i18n/): consistent, and each
//! lists exactly the plural categories CLDR gives its language, so every number
//! finds its own form in the browser (`Intl.PluralRules`) and in `trustctl render`
//! (ICU4X), which use the same CLDR rules.

use std::path::Path;

use trust_i18n_data::Catalog;

fn views_catalog() -> Catalog {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../views/i18n");
    Catalog::read_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_language_file_is_consistent_with_english() {
    let c = views_catalog();
    let tags: Vec<&str> = c.languages.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(
        tags,
        ["en", "ar", "de", "es", "fr", "it", "ja", "ko", "zh-Hans", "zh-Hant"]
    );
    assert!(c.keys.len() > 100);
    assert!(c.language("ar").unwrap().rtl);
    assert!(!c.language("de").unwrap().rtl);
}

#[test]
fn every_language_lists_its_cldr_plural_categories() {
    use icu_plurals::PluralRules;
    for l in views_catalog().languages {
        let locale: icu_locale_core::Locale = l.tag.parse().unwrap();
        let rules = PluralRules::try_new_cardinal((&locale).into()).unwrap();
        // `PluralCategory::Few` → "few": Debug spells the CLDR name.
        let mut cldr: Vec<String> = rules
            .categories()
            .map(|c| format!("{c:?}").to_lowercase())
            .collect();
        let mut listed: Vec<String> = l.categories.iter().map(|c| c.to_string()).collect();
        cldr.sort();
        listed.sort();
        assert_eq!(listed, cldr, "{}.json: \"$plural\"", l.tag);
    }
}
