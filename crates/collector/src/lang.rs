//! The buyer's language: one data file per language in `crates/collector/lang/`
//! (the widget's ten), compiled in. The invitation email and the review form read
//! their strings here, so a translation is a data change, never a code change.
//! There is exactly one template per language: nothing in it depends on anything
//! known about the buyer but their language (no rating-dependent flow exists).

use std::collections::HashMap;
use std::sync::OnceLock;

/// (tag, file) for every language; `en` first (the fallback).
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("../lang/en.json")),
    ("de", include_str!("../lang/de.json")),
    ("fr", include_str!("../lang/fr.json")),
    ("es", include_str!("../lang/es.json")),
    ("it", include_str!("../lang/it.json")),
    ("ja", include_str!("../lang/ja.json")),
    ("ko", include_str!("../lang/ko.json")),
    ("zh-Hans", include_str!("../lang/zh-Hans.json")),
    ("zh-Hant", include_str!("../lang/zh-Hant.json")),
    ("ar", include_str!("../lang/ar.json")),
];

/// One language's strings.
pub struct Lang {
    pub tag: &'static str,
    strings: HashMap<String, String>,
}

impl Lang {
    /// A string by key; a key missing from this language falls back to English (the
    /// test `every_language_has_every_key` keeps that from happening in a release).
    pub fn get(&self, key: &str) -> &str {
        match self.strings.get(key) {
            Some(s) => s,
            None => all()[0].strings.get(key).map(String::as_str).unwrap_or(""),
        }
    }

    /// A string with `{name}` placeholders filled. Values are inserted as they are:
    /// the caller escapes for the output (HTML or plain text), after filling.
    pub fn fill(&self, key: &str, vars: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (k, v) in vars {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    /// `ltr` or `rtl`.
    pub fn dir(&self) -> &str {
        self.get("dir")
    }
}

fn all() -> &'static [Lang] {
    static ALL: OnceLock<Vec<Lang>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(tag, text)| Lang {
                tag,
                strings: serde_json::from_str(text).expect("language files are checked by tests"),
            })
            .collect()
    })
}

/// The tags the collector speaks.
pub fn tags() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(t, _)| *t)
}

/// The language for a buyer's locale (`de-DE`, `pt_BR`, `zh-TW`, `zh-Hant-HK`, `ja`…):
/// the best of our ten, English otherwise.
pub fn pick(locale: Option<&str>) -> &'static Lang {
    let langs = all();
    let Some(loc) = locale else { return &langs[0] };
    let loc = loc.trim().replace('_', "-").to_ascii_lowercase();
    let mut parts = loc.split('-');
    let primary = parts.next().unwrap_or("");
    let tag = if primary == "zh" {
        let rest: Vec<&str> = parts.collect();
        let traditional = rest
            .iter()
            .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"))
            && !rest.contains(&"hans");
        if traditional {
            "zh-Hant"
        } else {
            "zh-Hans"
        }
    } else {
        primary
    };
    langs.iter().find(|l| l.tag == tag).unwrap_or(&langs[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key() {
        let en = &all()[0];
        assert_eq!(all().len(), 10);
        for l in all() {
            for k in en.strings.keys() {
                assert!(l.strings.contains_key(k), "{} lacks {k}", l.tag);
                assert!(!l.strings[k].is_empty(), "{} has an empty {k}", l.tag);
            }
            assert_eq!(
                l.strings.len(),
                en.strings.len(),
                "{} has extra keys",
                l.tag
            );
            // Placeholders survive translation.
            for (k, v) in &en.strings {
                for ph in ["{brand}", "{product}", "{collector}", "{n}"] {
                    assert_eq!(
                        v.contains(ph),
                        l.strings[k].contains(ph),
                        "{} {k} {ph}",
                        l.tag
                    );
                }
            }
        }
    }

    #[test]
    fn locales_map_to_our_languages() {
        assert_eq!(pick(Some("de-DE")).tag, "de");
        assert_eq!(pick(Some("pt_BR")).tag, "en");
        assert_eq!(pick(Some("zh-TW")).tag, "zh-Hant");
        assert_eq!(pick(Some("zh-Hant-HK")).tag, "zh-Hant");
        assert_eq!(pick(Some("zh-CN")).tag, "zh-Hans");
        assert_eq!(pick(Some("zh")).tag, "zh-Hans");
        assert_eq!(pick(Some("AR")).tag, "ar");
        assert_eq!(pick(Some("")).tag, "en");
        assert_eq!(pick(None).tag, "en");
        assert_eq!(pick(Some("ar")).dir(), "rtl");
    }
}
