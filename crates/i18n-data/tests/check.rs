//! The checker that `trust-views`' build script runs: each mistake a translator
//! can make fails with a message naming the file, the key and what is wrong.

use trust_i18n_data::{plural_form, Catalog, Errors};

const EN: &str = r#"{
  "$dir": "ltr",
  "$plural": ["one", "other"],
  "$notes": {"rated": "Accessible label of the stars."},
  "h_reviews": "Customer reviews",
  "rated": "Rated {rating} out of 5",
  "reviews": {"one": "{n} review", "other": "{n} reviews"},
  "disc_collector": {"one": "{collector} collected one review.", "other": "{collector} collected {n} reviews."}
}"#;

const DE: &str = r#"{
  "$dir": "ltr",
  "$plural": ["one", "other"],
  "h_reviews": "Kundenbewertungen",
  "rated": "Mit {rating} von 5 bewertet",
  "reviews": {"one": "{n} Bewertung", "other": "{n} Bewertungen"},
  "disc_collector": {"one": "{collector} hat eine Bewertung gesammelt.", "other": "{collector} hat {n} Bewertungen gesammelt."}
}"#;

fn catalog(files: &[(&str, &str)]) -> Result<Catalog, Errors> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    Catalog::from_files(&files)
}

/// The one error the files produce.
fn error(files: &[(&str, &str)]) -> String {
    let errors = catalog(files).expect_err("the files are refused").0;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

#[test]
fn consistent_files_make_a_table_and_packs() {
    let c = catalog(&[("de.json", DE), ("en.json", EN)]).unwrap();
    let keys: Vec<&str> = c.keys.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        keys,
        ["h_reviews", "rated", "reviews", "disc_collector"],
        "en.json's order"
    );
    assert_eq!(c.languages[0].tag, "en");
    let de = c.language("de").unwrap();
    assert_eq!(
        de.texts[2], "{n} Bewertungen\u{1f}{n} Bewertung",
        "other first"
    );
    let pack: Vec<String> = serde_json::from_str(&de.pack()).unwrap();
    assert_eq!(pack, de.texts);
    let rust = c.rust_source();
    assert!(rust.contains("pub fn reviews(&self) -> Plural"), "{rust}");
    assert!(
        rust.contains("pub fn h_reviews(&self) -> &'static str"),
        "{rust}"
    );
    assert!(rust.contains("Lang::De => \"de\""), "{rust}");
}

#[test]
fn a_missing_key_is_named() {
    let de = DE.replace("  \"h_reviews\": \"Kundenbewertungen\",\n", "");
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"h_reviews\" is missing (en.json: \"Customer reviews\")"
    );
}

#[test]
fn an_unknown_key_is_named() {
    let de = DE.replace("\"rated\"", "\"h_review\": \"x\", \"rated\"");
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"h_review\" is not in en.json (a typo, or a string removed there?)"
    );
}

#[test]
fn a_wrong_placeholder_is_named() {
    let de = DE.replace("Mit {rating} von 5", "Mit {rate} von 5");
    let errors = catalog(&[("en.json", EN), ("de.json", &de)]).unwrap_err().0;
    assert_eq!(
        errors,
        [
            "de.json: \"rated\": placeholder {rating} is missing (en.json has {rating})",
            "de.json: \"rated\": placeholder {rate} is not in en.json (it has {rating})",
        ]
    );
    // In a plural form too; `one` may write its number out, `other` may not.
    let de = DE.replace(
        "{collector} hat {n} Bewertungen",
        "{collector} hat viele Bewertungen",
    );
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"disc_collector\" (other): placeholder {n} is missing (en.json has {collector}, {n})"
    );
    let de = DE.replace("{n} Bewertung\"", "eine Bewertung\"");
    assert!(catalog(&[("en.json", EN), ("de.json", &de)]).is_ok());
    let de = DE.replace("Mit {rating} von 5", "Mit {rating von 5");
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"rated\": has a '{' that is never closed"
    );
}

#[test]
fn plural_forms_follow_the_languages_categories() {
    let de = DE.replace("{\"one\": \"{n} Bewertung\", ", "{");
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"reviews\": the \"one\" form is missing (\"$plural\" lists other, one)"
    );
    let de = DE.replace(
        "{\"one\": \"{n} Bewertung\"",
        "{\"two\": \"{n} x\", \"one\": \"{n} Bewertung\"",
    );
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"reviews\": \"two\" is not a plural category of this language (\"$plural\" lists other, one)"
    );
    let de = DE.replace(
        "\"reviews\": {\"one\": \"{n} Bewertung\", \"other\": \"{n} Bewertungen\"}",
        "\"reviews\": \"{n} Bewertungen\"",
    );
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"reviews\" must be an object of plural forms, as in en.json"
    );
    let de = DE.replace("[\"one\", \"other\"]", "[\"one\", \"others\"]");
    let errors = catalog(&[("en.json", EN), ("de.json", &de)]).unwrap_err().0;
    assert!(
        errors[0].contains("\"others\" is not a CLDR plural category"),
        "{errors:?}"
    );
}

#[test]
fn files_refuse_what_would_go_wrong_later() {
    let de = DE.replace(
        "\"Kundenbewertungen\"",
        "\"Kundenbewertungen\", \"h_reviews\": \"Bewertungen\"",
    );
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"h_reviews\" appears twice"
    );
    let de = DE.replace("\"Kundenbewertungen\"", "\"Kunden\\nbewertungen\"");
    assert!(error(&[("en.json", EN), ("de.json", &de)]).contains("control character"));
    let de = DE.replace("\"Kundenbewertungen\"", "\" \"");
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"h_reviews\": is empty"
    );
    assert!(error(&[("en.json", EN), ("Deutsch.json", DE)]).contains("named by its BCP 47 tag"));
    assert_eq!(
        error(&[("de.json", DE)]),
        "en.json is missing: English is the reference"
    );
    let de = DE.replace("\"$dir\": \"ltr\"", "\"$dir\": \"left\"");
    assert_eq!(
        error(&[("en.json", EN), ("de.json", &de)]),
        "de.json: \"$dir\" must be \"ltr\" or \"rtl\""
    );
    let en = EN.replace("\"h_reviews\"", "\"type\"");
    assert!(error(&[("en.json", &en)]).contains("not a keyword"));
}

/// A Polish-like rule (one, few, many, other), from a test-only file: the forms
/// stored for it are the ones CLDR's rules pick (ICU4X's data, as `trustctl
/// render` uses; the browser's `Intl.PluralRules` follows the same CLDR rules).
#[test]
fn a_polish_like_rule_picks_every_form() {
    let pl = r#"{
      "$dir": "ltr",
      "$plural": ["one", "few", "many", "other"],
      "h_reviews": "Opinie klientów",
      "rated": "Ocena {rating} na 5",
      "reviews": {"one": "{n} opinia", "few": "{n} opinie", "many": "{n} opinii", "other": "{n} opinii"},
      "disc_collector": {
        "one": "{collector} zebrał jedną opinię.",
        "few": "{collector} zebrał {n} opinie.",
        "many": "{collector} zebrał {n} opinii.",
        "other": "{collector} zebrał {n} opinii."
      }
    }"#;
    let c = catalog(&[("en.json", EN), ("pl.json", pl)]).unwrap();
    let stored = &c.language("pl").unwrap().texts[2];
    let rules =
        icu_plurals::PluralRules::try_new_cardinal(icu_locale_core::locale!("pl").into()).unwrap();
    let form = |n: u64| {
        let cat = format!("{:?}", rules.category_for(n)).to_lowercase();
        plural_form(stored, &cat).replace("{n}", &n.to_string())
    };
    assert_eq!(form(1), "1 opinia");
    assert_eq!(form(2), "2 opinie");
    assert_eq!(form(4), "4 opinie");
    assert_eq!(form(5), "5 opinii");
    assert_eq!(form(12), "12 opinii");
    assert_eq!(form(22), "22 opinie");
    assert_eq!(form(25), "25 opinii");
    assert_eq!(form(112), "112 opinii");
    assert_eq!(form(1002), "1002 opinie");
    // Without "few", Polish is refused: a one/other language could not say "2 opinie".
    let pl = pl.replace("\"few\": \"{n} opinie\", ", "");
    assert_eq!(
        error(&[("en.json", EN), ("pl.json", &pl)]),
        "pl.json: \"reviews\": the \"few\" form is missing (\"$plural\" lists other, one, few, many)"
    );
}
