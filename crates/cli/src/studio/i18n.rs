//! The studio's own UI strings, as data like the widget's: one file per
//! language, `i18n/<tag>.json`, in the widget's format (`"$dir"`, `"$plural"`,
//! texts with `{name}` placeholders), for exactly the widget's languages. The
//! files are compiled in (one binary); a test checks them with the widget's own
//! checker (`trust-i18n-data`: keys, placeholders) and that the language list is
//! the widget's. A key a file lacks falls back to English.

use std::collections::HashMap;

use serde_json::Value;

/// `(tag, file)` for every language, English first.
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("i18n/en.json")),
    ("ar", include_str!("i18n/ar.json")),
    ("de", include_str!("i18n/de.json")),
    ("es", include_str!("i18n/es.json")),
    ("fr", include_str!("i18n/fr.json")),
    ("it", include_str!("i18n/it.json")),
    ("ja", include_str!("i18n/ja.json")),
    ("ko", include_str!("i18n/ko.json")),
    ("zh-Hans", include_str!("i18n/zh-Hans.json")),
    ("zh-Hant", include_str!("i18n/zh-Hant.json")),
];

/// The language tags the studio has (the widget's, checked by a test).
pub fn tags() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(tag, _)| *tag)
}

/// One language's strings, with English behind it.
pub struct Strings {
    pub tag: &'static str,
    pub dir: String,
    own: HashMap<String, String>,
    english: HashMap<String, String>,
}

fn table(text: &str) -> (String, HashMap<String, String>) {
    let value: Value =
        serde_json::from_str(text).expect("the studio's language files are JSON (tested)");
    let mut map = HashMap::new();
    let mut dir = String::from("ltr");
    for (k, v) in value.as_object().into_iter().flatten() {
        match (k.as_str(), v.as_str()) {
            ("$dir", Some(d)) => dir = d.to_owned(),
            (_, Some(s)) if !k.starts_with('$') => {
                map.insert(k.clone(), s.to_owned());
            }
            _ => {}
        }
    }
    (dir, map)
}

impl Strings {
    /// The language with this tag, else the first of `Accept-Language`'s that
    /// the studio has, else English.
    pub fn pick(asked: Option<&str>, accept_language: Option<&str>) -> Strings {
        let wanted = asked.into_iter().chain(
            accept_language
                .unwrap_or("")
                .split(',')
                .map(|part| part.split(';').next().unwrap_or("").trim()),
        );
        let tag = wanted.filter_map(match_tag).next().unwrap_or("en");
        Strings::of(tag)
    }

    fn of(tag: &'static str) -> Strings {
        let text = FILES
            .iter()
            .find(|(t, _)| *t == tag)
            .map_or(FILES[0].1, |(_, f)| f);
        let (dir, own) = table(text);
        let (_, english) = table(FILES[0].1);
        Strings {
            tag,
            dir,
            own,
            english,
        }
    }

    /// The string for `key` (the key itself if even English lacks it: a bug
    /// that shows instead of hiding).
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.own
            .get(key)
            .or_else(|| self.english.get(key))
            .map_or(key, String::as_str)
    }

    /// The label of a format value (`finite-window`, `DDP`, `dark`): the string
    /// `v_<value>`, or the value itself when the studio has no label for it.
    pub fn vocab<'a>(&'a self, value: &'a str) -> &'a str {
        let key = format!("v_{}", value.to_ascii_lowercase().replace('-', "_"));
        self.own
            .get(&key)
            .or_else(|| self.english.get(&key))
            .map_or(value, String::as_str)
    }

    /// The string with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.t(key).to_owned(), |s, (name, value)| {
                s.replace(&format!("{{{name}}}"), value)
            })
    }

    /// Every string, for the page's script (messages it shows after a request).
    pub fn all(&self) -> HashMap<&str, &str> {
        self.english
            .keys()
            .map(|k| (k.as_str(), self.t(k)))
            .collect()
    }
}

/// The studio's tag for a requested one: exact, or by its language (`de-AT` →
/// `de`, `zh-TW`/`zh-HK` → `zh-Hant`, other `zh` → `zh-Hans`).
fn match_tag(asked: &str) -> Option<&'static str> {
    if asked.is_empty() {
        return None;
    }
    if let Some(t) = tags().find(|t| t.eq_ignore_ascii_case(asked)) {
        return Some(t);
    }
    let lower = asked.to_ascii_lowercase();
    let primary = lower.split('-').next().unwrap_or("");
    if primary == "zh" {
        let traditional = ["-hant", "-tw", "-hk", "-mo"]
            .iter()
            .any(|s| lower.contains(s));
        return Some(if traditional { "zh-Hant" } else { "zh-Hans" });
    }
    tags().find(|t| *t == primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The widget's own checker (keys, placeholders, `$dir`, `$plural`), and
    /// exactly the widget's languages.
    #[test]
    fn the_files_pass_the_widgets_checker_for_the_widgets_languages() {
        let files: Vec<(String, String)> = FILES
            .iter()
            .map(|(tag, text)| (format!("{tag}.json"), (*text).to_owned()))
            .collect();
        if let Err(e) = trust_i18n_data::Catalog::from_files(&files) {
            panic!("the studio's language files: {e}");
        }
        let mut ours: Vec<&str> = tags().collect();
        let mut widgets: Vec<&str> = trust_views::i18n::Lang::ALL
            .iter()
            .map(|l| l.tag())
            .collect();
        ours.sort_unstable();
        widgets.sort_unstable();
        assert_eq!(ours, widgets);
    }

    #[test]
    fn picks_the_asked_language_then_the_browsers() {
        assert_eq!(Strings::pick(Some("de"), None).tag, "de");
        assert_eq!(Strings::pick(None, Some("fr-CH, de;q=0.8")).tag, "fr");
        assert_eq!(Strings::pick(Some("xx"), Some("zh-TW")).tag, "zh-Hant");
        assert_eq!(Strings::pick(None, None).tag, "en");
        assert_eq!(Strings::pick(Some("ar"), None).dir, "rtl");
        let de = Strings::pick(Some("de"), None);
        assert_eq!(
            de.fill("readiness_score", &[("market", "DE"), ("score", "80")]),
            "DE: 80 von 100"
        );
    }
}
