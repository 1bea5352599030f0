//! UI strings in the shopper's language.
//!
//! One `Strings` value per language with one named field per string, so the
//! compiler refuses a language that lacks a string. Placeholders (`{n}`,
//! `{date}`…) are filled by `fill`; numbers and dates inside them are formatted
//! by `crate::intl` (the browser's Intl), so no locale data ships in the wasm.
//! Plurals: fields come in `_one`/`_other` pairs and `Loc::plural` picks one
//! with Intl.PluralRules.
//!
//! Language packs: the storefront build (`cargo xtask build`, without the
//! `bundled-languages` feature) compiles in English only. `cargo xtask build`
//! writes every other table as a pack, a JSON array of the strings in
//! declaration order, to `i18n.<hash>/<tag>.json` next to the JS glue; the app
//! fetches the shopper's pack alongside the manifest (the widget's
//! `language_packs.rs`: the views never fetch) and renders once both are in. A pack that cannot be loaded leaves that language out, exactly as
//! for a language we have no strings for: the views speak English. Packs are UI
//! text served with the widget's own code, never trust data.

use std::cell::RefCell;

use crate::intl;

mod ar;
mod de;
mod en;
mod es;
mod fr;
mod it;
mod ja;
mod ko;
mod zh_hans;
mod zh_hant;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    De,
    Fr,
    Es,
    It,
    Ja,
    Ko,
    ZhHans,
    ZhHant,
    Ar,
}

impl Lang {
    /// The UI language for a BCP 47 locale; English when we have no strings for it.
    /// Chinese follows the script when given, else the region (TW, HK, MO write
    /// Traditional), else Simplified.
    pub fn pick(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        match parts.next().unwrap_or("") {
            "de" | "gsw" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            "it" => Lang::It,
            "ja" => Lang::Ja,
            "ko" => Lang::Ko,
            "ar" => Lang::Ar,
            "zh" | "yue" | "cmn" => {
                let rest: Vec<&str> = parts.collect();
                if rest.contains(&"hant") {
                    Lang::ZhHant
                } else if rest.contains(&"hans") {
                    Lang::ZhHans
                } else if rest.iter().any(|p| matches!(*p, "tw" | "hk" | "mo"))
                    || lower.starts_with("yue")
                {
                    Lang::ZhHant
                } else {
                    Lang::ZhHans
                }
            }
            _ => Lang::En,
        }
    }

    /// The BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::Ar => "ar",
        }
    }

    /// Writing direction for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        if self == Lang::Ar {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's strings as compiled into the crate. Only English ships in
    /// the widget's wasm (`strings`); the others are fetched as language packs,
    /// which `cargo xtask build` generates from these same tables. Tests and
    /// `testing` install them directly.
    #[cfg_attr(not(feature = "bundled-languages"), allow(dead_code))]
    pub fn bundled(self) -> &'static Strings {
        match self {
            Lang::En => &en::STRINGS,
            Lang::De => &de::STRINGS,
            Lang::Fr => &fr::STRINGS,
            Lang::Es => &es::STRINGS,
            Lang::It => &it::STRINGS,
            Lang::Ja => &ja::STRINGS,
            Lang::Ko => &ko::STRINGS,
            Lang::ZhHans => &zh_hans::STRINGS,
            Lang::ZhHant => &zh_hant::STRINGS,
            Lang::Ar => &ar::STRINGS,
        }
    }

    /// The language's strings when they are here: compiled in (English always,
    /// every language with the `bundled-languages` feature), or from a language
    /// pack installed on this page.
    pub fn strings(self) -> Option<&'static Strings> {
        self.compiled().or_else(|| {
            PACKS.with(|p| p.borrow().iter().find(|(l, _)| *l == self).map(|(_, s)| *s))
        })
    }

    #[cfg(feature = "bundled-languages")]
    fn compiled(self) -> Option<&'static Strings> {
        Some(self.bundled())
    }

    #[cfg(not(feature = "bundled-languages"))]
    fn compiled(self) -> Option<&'static Strings> {
        (self == Lang::En).then_some(&en::STRINGS)
    }

    /// The language the UI shows for `locale`: its own when its strings are here,
    /// else English (a pack that failed to load never leaves a blank string).
    pub fn shown(locale: &str) -> Lang {
        let lang = Lang::pick(locale);
        if lang.strings().is_some() {
            lang
        } else {
            Lang::En
        }
    }

    #[cfg(test)]
    const ALL: [Lang; 10] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::It,
        Lang::Ja,
        Lang::Ko,
        Lang::ZhHans,
        Lang::ZhHant,
        Lang::Ar,
    ];
}

/// The primary language subtag of a BCP 47 tag, lower case (`de-AT` → `de`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Fills `{name}` placeholders. Unknown placeholders stay as written, so a
/// mistake shows up on screen rather than silently dropping text.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The shopper's language for one render: UI strings plus the locale that Intl
/// formats with. When we have no strings for the shopper's language, Intl uses
/// the UI language too, so a sentence never mixes two languages' conventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Loc {
    pub lang: Lang,
    /// Locale handed to Intl.
    pub locale: String,
    /// The shopper's primary language subtag (`de`), for "reviews in your language first".
    pub shopper_lang: String,
    pub t: &'static Strings,
}

impl Loc {
    pub fn new(locale: &str) -> Loc {
        let lang = Lang::shown(locale);
        let shopper_lang = primary(locale);
        let intl_locale = if primary(lang.tag()) == shopper_lang {
            locale.to_owned()
        } else {
            lang.tag().to_owned()
        };
        Loc {
            lang,
            locale: intl_locale,
            shopper_lang,
            t: lang.strings().unwrap_or(&en::STRINGS),
        }
    }

    /// Chooses between a `_one` and an `_other` string for `n` (Intl.PluralRules)
    /// and fills `{n}` with `n` formatted for the locale.
    pub fn plural(&self, n: u64, one: &str, other: &str, args: &[(&str, &str)]) -> String {
        let template = if intl::plural_is_one(&self.locale, n as f64) {
            one
        } else {
            other
        };
        let num = intl::integer(&self.locale, n as f64);
        let mut all: Vec<(&str, &str)> = vec![("n", num.as_str())];
        all.extend_from_slice(args);
        fill(template, &all)
    }

    /// A date, `dateStyle: medium`, UTC.
    pub fn date(&self, d: trust_manifest::Date) -> String {
        intl::date(&self.locale, d)
    }

    /// A country's name in the shopper's language (ISO 3166-1 alpha-2 in).
    pub fn country(&self, code: &str) -> String {
        intl::region_name(&self.locale, code)
    }

    /// A language's name in the shopper's language (BCP 47 in).
    pub fn language(&self, tag: &str) -> String {
        intl::language_name(&self.locale, tag)
    }
}

/// Declares `Strings` with one `&'static str` field per UI string.
macro_rules! strings {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// Every UI string. Each language fills every field.
        #[derive(Debug, PartialEq)]
        #[repr(C)] // `from_array` relies on the declaration order.
        pub struct Strings {
            $($(#[doc = $doc])* pub $name: &'static str,)*
        }
        impl Strings {
            /// How many strings a language has.
            pub const COUNT: usize = [$(stringify!($name)),*].len();

            /// The strings from a language pack: every string, in declaration order.
            /// (Field by field this was 5 KB of wasm: one move per string.)
            fn from_array(a: [&'static str; Self::COUNT]) -> Strings {
                // SAFETY: `Strings` is `repr(C)` and has exactly `COUNT` fields, all
                // `&'static str`: its layout is that of `[&'static str; COUNT]`, field
                // i at element i (declaration order). `transmute` also checks the sizes.
                unsafe { core::mem::transmute::<[&'static str; Self::COUNT], Strings>(a) }
            }

            /// (name, text) in declaration order: the order of a language pack.
            #[cfg(test)]
            pub fn fields(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name)),*]
            }
        }
    };
}

thread_local! {
    /// Language packs installed so far (English is compiled in).
    static PACKS: RefCell<Vec<(Lang, &'static Strings)>> = const { RefCell::new(Vec::new()) };
}

/// Makes `lang`'s strings available to every widget on the page (the shell
/// fetches and checks the pack: `src/language_packs.rs` of `trust-widget`).
pub fn install(lang: Lang, strings: &'static Strings) {
    if lang.strings().is_none() {
        PACKS.with(|p| p.borrow_mut().push((lang, strings)));
    }
}

/// A language pack: a JSON array with every string of `Strings` in declaration
/// order (`cargo xtask build` writes them to `i18n.<hash>/<tag>.json`). `None` when
/// it is not exactly that. The strings live for the page, like compiled-in ones.
pub fn parse_pack(bytes: &[u8]) -> Option<&'static Strings> {
    let json = trust_manifest::json::parse(bytes, 2).ok()?;
    let list: Vec<String> = trust_manifest::json::FromJson::from_json(&json).ok()?;
    let list: Vec<&'static str> = list
        .into_iter()
        .map(|s| &*Box::leak(s.into_boxed_str()))
        .collect();
    let array: [&'static str; Strings::COUNT] = list.try_into().ok()?;
    Some(Box::leak(Box::new(Strings::from_array(array))))
}

strings! {
    // Section headings.
    /// Visually hidden heading of the summary strip.
    h_summary,
    h_certifications,
    h_reviews,
    h_returns,
    h_company,
    /// "Good to know": honest limitations.
    h_limitations,
    /// "As seen in".
    h_media,
    h_evidence,

    // Ratings.
    /// Accessible label of the stars: `{rating}`.
    rated,
    out_of_5,
    reviews_one,
    reviews_other,
    stars_one,
    stars_other,
    /// Who counted: `{collector}`, `{date}`.
    counted_by,
    computed_from_reviews,
    /// The aggregate covers the whole store, not this product.
    store_wide,
    no_reviews,
    checking_reviews,
    histogram,
    /// Histogram row: `{stars}` (e.g. "5 stars"), `{count}`, `{percent}`.
    histogram_row,

    // Return headline (summary strip).
    headline_free_days_one,
    headline_free_days_other,
    headline_days_one,
    headline_days_other,
    headline_free,
    headline_unlimited,
    headline_none,

    // Certifications.
    issued_by,
    valid_until,
    valid_from,
    expired,
    expired_on,
    no_end_date,
    no_certifications,
    kind_safety,
    kind_material,
    kind_sustainability,
    kind_quality,
    kind_membership,
    kind_other,
    cert_number,
    scope,
    products_covered,
    all_products,
    validity,
    lookup,
    /// Shown before a lookup URL that is not plain https, as text.
    lookup_unlinked,
    documents,
    vouched_by,
    stated_by_brand,
    stated_by_brand_note,
    /// `{attester}`.
    verified_by,
    /// `{date}`.
    signed_on,
    close,
    new_tab,

    // Reviews and the carousel.
    /// Accessible name of the carousel (the section is already "Customer reviews").
    carousel_label,
    /// `{n}`, `{total}`.
    slide_n_of,
    previous,
    next,
    pause,
    play,
    choose_review,
    /// Tab label: `{n}`.
    review_n,
    filter_rating,
    filter_all_ratings,
    filter_language,
    filter_all_languages,
    no_match,
    more_reviews,
    /// A page of reviews failed its proof or did not load; the reviews shown stay.
    page_failed,
    read_more,
    read_less,
    /// `{language}`.
    written_in,
    /// `{collector}`.
    verified_purchase,
    /// Attested review without a purchase check: `{collector}`.
    collected_by,
    incentivized,
    insider,
    /// Heading of the brand's reply under a review.
    reply_from_brand,
    proof_title,
    proof_collector,
    proof_method,
    proof_checked,
    proof_signed,
    proof_key,
    signature_checked,
    proof_brand,
    method_order_invitation,
    method_order_match,
    method_receipt,
    method_none,
    method_other,

    // "How reviews are verified" (EU 2019/2161 art. 7(6)).
    how_verified,
    /// `{collector}`, `{n}`.
    disc_collector_one,
    disc_collector_other,
    /// `{method}`, `{n}`.
    disc_method_one,
    disc_method_other,
    disc_brand_one,
    disc_brand_other,
    disc_signature,
    disc_labels,
    disc_labelled_one,
    disc_labelled_other,
    /// `{collector}`.
    disc_rating_collector,
    disc_rating_computed,

    // Returns, delivery and duties.
    label_returns,
    label_refund,
    label_delivery,
    label_duties,
    window_days_one,
    window_days_other,
    window_unlimited,
    window_none,
    free_returns,
    customer_pays,
    /// `{amount}`.
    fixed_fee,
    /// `{amount}`.
    restocking_fee,
    no_restocking_fee,
    refund_full,
    refund_credit,
    refund_exchange,
    refund_days_one,
    refund_days_other,
    ddp,
    ddu,
    /// `{country}`.
    ships_from,
    delivery_days_one,
    delivery_days_other,
    /// `{min}`, `{max}`.
    delivery_range,
    /// `{carrier}`.
    carrier,
    /// `{country}`.
    returns_to,
    how_to_return,
    /// `{country}`.
    fallback_notice,
    no_policy,

    // Company.
    /// `{year}`.
    founded,
    years_one,
    years_other,
    legal_name,
    registration,
    check_register,
    ships_from_label,
    support,
    /// `{languages}`.
    speaks,
    reply_hours_one,
    reply_hours_other,
    ch_email,
    ch_phone,
    ch_chat,
    ch_other,

    // Limitations, media and evidence.
    /// `{language}`.
    in_language,
    ev_factory_tour,
    ev_quality_check,
    ev_live_replay,
    ev_lab_test,
    ev_other,
    /// Link label: `{title}`.
    watch,
    /// `{date}`.
    recorded,
    chapters,

    // Footer.
    /// `{brand}`.
    signed_by,
    /// `{key}`.
    key_id,
    /// `{date}`.
    updated,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_languages() {
        assert_eq!(Lang::pick("de-AT"), Lang::De);
        assert_eq!(Lang::pick("ja"), Lang::Ja);
        assert_eq!(Lang::pick("zh-TW"), Lang::ZhHant);
        assert_eq!(Lang::pick("zh-HK"), Lang::ZhHant);
        assert_eq!(Lang::pick("zh-Hant-CN"), Lang::ZhHant);
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

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// A pack is every string in declaration order, as `cargo xtask build` writes it.
    #[test]
    fn language_packs_round_trip() {
        for lang in Lang::ALL {
            let list: Vec<&str> = lang.bundled().fields().iter().map(|f| f.1).collect();
            let pack = parse_pack(&serde_json::to_vec(&list).unwrap()).expect("a valid pack");
            assert_eq!(pack, lang.bundled(), "{lang:?}");
        }
        if !cfg!(feature = "bundled-languages") {
            assert_eq!(Lang::shown("de-AT"), Lang::En, "no German before its pack");
            install(Lang::De, Lang::De.bundled());
        }
        assert_eq!(Lang::shown("de-AT"), Lang::De);
        assert_eq!(Loc::new("de").t.h_reviews, "Kundenbewertungen");
        let short: Vec<&str> = vec!["x"; Strings::COUNT - 1];
        assert!(parse_pack(&serde_json::to_vec(&short).unwrap()).is_none());
        assert!(parse_pack(b"{\"h_summary\": \"x\"}").is_none());
    }

    /// Pack files are named by `Lang::tag`; `cargo xtask build` derives the tag
    /// from the table's file name (`zh_hant.rs` → `zh-Hant`).
    #[test]
    fn every_language_has_a_table_named_after_its_tag() {
        for lang in Lang::ALL {
            let mut parts = lang.tag().split('-');
            let mut stem = parts.next().unwrap().to_owned();
            for p in parts {
                stem.push('_');
                stem.push_str(&p.to_ascii_lowercase());
            }
            let file = format!("{}/src/i18n/{stem}.rs", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&file).exists(), "{file}");
        }
    }

    /// Every language uses the same placeholders as English, and nothing is empty.
    #[test]
    fn languages_agree_on_placeholders() {
        let en = Lang::En.bundled().fields();
        for lang in Lang::ALL {
            for ((name, text), (_, english)) in lang.bundled().fields().into_iter().zip(&en) {
                assert!(!text.trim().is_empty(), "{lang:?}.{name} is empty");
                // A `_one` form may leave out `{n}` ("one review" written out).
                let mut want = placeholders(english);
                let mut got = placeholders(text);
                if name.ends_with("_one") {
                    want.retain(|p| p != "n");
                    got.retain(|p| p != "n");
                }
                assert_eq!(got, want, "{lang:?}.{name}");
            }
        }
    }
}
