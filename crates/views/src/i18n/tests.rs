//! The compiled table, the packs made from the same files, and plural forms
//! picked by CLDR's rules (ICU4X natively; the browser's Intl in the widget's
//! wasm tests, `tests/i18n_plurals.rs`).

use super::*;

#[test]
fn picks_languages() {
    assert_eq!(Lang::pick("de-AT"), Lang::De);
    assert_eq!(Lang::pick("gsw"), Lang::De);
    assert_eq!(Lang::pick("ja"), Lang::Ja);
    assert_eq!(Lang::pick("zh-TW"), Lang::ZhHant);
    assert_eq!(Lang::pick("zh-HK"), Lang::ZhHant);
    assert_eq!(Lang::pick("zh-Hant-CN"), Lang::ZhHant);
    assert_eq!(Lang::pick("yue"), Lang::ZhHant);
    assert_eq!(Lang::pick("zh"), Lang::ZhHans);
    assert_eq!(Lang::pick("zh-CN"), Lang::ZhHans);
    assert_eq!(Lang::pick("zh_SG"), Lang::ZhHans);
    assert_eq!(Lang::pick("pt-BR"), Lang::En);
    assert_eq!(Lang::pick(""), Lang::En);
    assert_eq!(Lang::pick("ar-EG").dir(), "rtl");
    assert_eq!(Lang::pick("en").dir(), "ltr");
}

#[test]
fn fills_placeholders() {
    assert_eq!(
        fill("{n} of {total}", &[("n", "3"), ("total", "9")]),
        "3 of 9"
    );
    assert_eq!(fill("keep {x} and {", &[]), "keep {x} and {");
}

fn catalog() -> trust_i18n_data::Catalog {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    trust_i18n_data::Catalog::read_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

/// A pack is what `cargo xtask build` writes (`Language::pack`, from the same
/// files as the table): read back, it is the compiled table, slot for slot.
#[test]
fn language_packs_round_trip() {
    let catalog = catalog();
    let keys: Vec<&str> = catalog.keys.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(keys, Strings::KEYS);
    for lang in Lang::ALL {
        let language = catalog.language(lang.tag()).expect("a file per language");
        let pack = parse_pack(language.pack().as_bytes()).expect("a valid pack");
        assert_eq!(pack, lang.bundled(), "{lang:?}");
    }
    if !cfg!(feature = "bundled-languages") {
        assert_eq!(Lang::shown("de-AT"), Lang::En, "no German before its pack");
        install(Lang::De, Lang::De.bundled());
    }
    assert_eq!(Lang::shown("de-AT"), Lang::De);
    assert_eq!(Loc::new("de").t.h_reviews(), "Kundenbewertungen");
    let short: Vec<&str> = vec!["x"; Strings::COUNT - 1];
    assert!(parse_pack(&serde_json::to_vec(&short).unwrap()).is_none());
    assert!(parse_pack(b"{\"h_summary\": \"x\"}").is_none());
}

/// Packs are named by `Lang::tag` (`cargo xtask build` names them by file),
/// and every file is a language.
#[test]
fn every_language_is_a_file_named_after_its_tag() {
    let tags: Vec<String> = catalog().languages.into_iter().map(|l| l.tag).collect();
    let langs: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
    assert_eq!(tags, langs);
    for lang in Lang::ALL {
        let file = format!("{}/i18n/{}.json", env!("CARGO_MANIFEST_DIR"), lang.tag());
        assert!(std::path::Path::new(&file).exists(), "{file}");
    }
}

fn placeholders(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// What the build checked, seen in the compiled tables: every language uses
/// English's placeholders in every form (a form for a single number, like
/// "one review", may write `{n}` out), and nothing is empty.
#[test]
fn languages_agree_on_placeholders() {
    let en = Lang::En.bundled();
    for lang in Lang::ALL {
        let t = lang.bundled();
        for (i, key) in Strings::KEYS.iter().enumerate() {
            let english = placeholders(en.0[i].split(PLURAL_SEPARATOR).next().unwrap());
            for (c, form) in PLURAL_CATEGORIES.iter().zip(t.0[i].split(PLURAL_SEPARATOR)) {
                if form.is_empty() && *c != "other" {
                    continue;
                }
                assert!(!form.trim().is_empty(), "{lang:?}.{key} ({c}) is empty");
                let mut want = english.clone();
                let mut got = placeholders(form);
                if ["zero", "one", "two"].contains(c) {
                    want.retain(|p| *p != "n");
                    got.retain(|p| *p != "n");
                }
                assert_eq!(got, want, "{lang:?}.{key} ({c})");
            }
        }
    }
}

/// `Loc::new` with `locale`'s strings here, compiled in or installed as a pack
/// (without `bundled-languages` only English is compiled in).
fn loc(locale: &str) -> Loc {
    let lang = Lang::pick(locale);
    install(lang, lang.bundled());
    Loc::new(locale)
}

/// Arabic has six plural forms and uses each: 0 zero, 1 one, 2 two, 3 few (3–10),
/// 11 many (11–99), 100 other. The two-form tables had to dodge this with
/// "number of reviews: {n}".
#[test]
fn arabic_counts_use_all_six_forms() {
    let loc = loc("ar");
    let shown: Vec<String> = [0, 1, 2, 3, 11, 100]
        .into_iter()
        .map(|n| loc.plural(n, loc.t.reviews(), &[]))
        .collect();
    let num = |n: f64| intl::integer("ar", n);
    assert_eq!(
        shown,
        [
            "لا تقييمات".to_owned(),
            "تقييم واحد".to_owned(),
            "تقييمان".to_owned(),
            format!("{} تقييمات", num(3.0)),
            format!("{} تقييمًا", num(11.0)),
            format!("{} تقييم", num(100.0)),
        ]
    );
    let days: Vec<String> = [2, 5, 14, 100]
        .into_iter()
        .map(|n| loc.plural(n, loc.t.delivery_days(), &[]))
        .collect();
    assert_eq!(days[0], "التوصيل خلال يومين");
    assert_eq!(days[1], format!("التوصيل خلال {} أيام", num(5.0)));
    assert_eq!(days[2], format!("التوصيل خلال {} يومًا", num(14.0)));
    assert_eq!(days[3], format!("التوصيل خلال {} يوم", num(100.0)));
}

/// French, Spanish and Italian take "de"/"di" after a round million (CLDR's
/// `many`); English has no such form and falls back to `other`.
#[test]
fn round_millions_and_missing_categories() {
    let fr = loc("fr");
    let million = fr.plural(1_000_000, fr.t.reviews(), &[]);
    assert!(million.ends_with(" d’avis"), "{million}");
    assert_eq!(fr.plural(2, fr.t.reviews(), &[]), "2 avis");
    let en = loc("en");
    assert_eq!(en.t.reviews().form("few"), en.t.reviews().form("other"));
    assert_eq!(en.plural(1, en.t.reviews(), &[]), "1 review");
    let ja = loc("ja").t.reviews();
    assert_eq!(ja.form("one"), ja.form("other"));
}

/// `plural_index` (a match, for size) follows the stored order.
#[test]
fn plural_index_follows_the_stored_order() {
    for (i, c) in PLURAL_CATEGORIES.iter().enumerate() {
        assert_eq!(plural_index(c), i, "{c}");
    }
    assert_eq!(plural_index("several"), 0);
}
