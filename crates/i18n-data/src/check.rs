//! Every language against English: the same keys, each a text or a plural
//! message as in English, the same placeholders, the plural forms its own
//! `$plural` lists, nothing empty and no control characters.

use crate::{
    parse::{Entry, File},
    Catalog, Errors, Key, Language, CATEGORIES, SEPARATOR,
};

/// Plural forms that may write their number out ("one review", Arabic's dual
/// "تقييمان") and so leave out `{n}`: each stands for one number in the
/// languages that have it. `few`, `many` and `other` cover many numbers.
const MAY_OMIT_N: [&str; 3] = ["zero", "one", "two"];

/// Names a key cannot have: the table gives each key a method of that name.
const RUST_KEYWORDS: [&str; 51] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The `{name}` placeholders of a text, sorted; an error for a brace that does
/// not open or close a placeholder (a typo `fill` would show on screen).
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            return Err("has a '}' that closes no placeholder".into());
        }
        let after = &rest[i + 1..];
        let close = after.find('}').ok_or("has a '{' that is never closed")?;
        let name = &after[..close];
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(format!("has a malformed placeholder {{{name}}}"));
        }
        out.push(name.to_owned());
        rest = &after[close + 1..];
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A text's own problems, and its placeholders against English's (`want`).
fn text(
    file: &str,
    key: &str,
    form: Option<&str>,
    text: &str,
    want: &[String],
    errors: &mut Vec<String>,
) {
    let at = match form {
        Some(c) => format!("{file}: \"{key}\" ({c})"),
        None => format!("{file}: \"{key}\""),
    };
    if text.trim().is_empty() {
        errors.push(format!("{at}: is empty"));
        return;
    }
    if text.chars().any(char::is_control) {
        errors.push(format!(
            "{at}: contains a control character (a line break or tab?)"
        ));
        return;
    }
    let got = match placeholders(text) {
        Ok(p) => p,
        Err(e) => return errors.push(format!("{at}: {e}")),
    };
    let omit_n = form.is_some_and(|c| MAY_OMIT_N.contains(&c));
    let may_omit = |p: &str| omit_n && p == "n";
    for p in want {
        if !got.contains(p) && !may_omit(p) {
            errors.push(format!(
                "{at}: placeholder {{{p}}} is missing (en.json has {})",
                list(want)
            ));
        }
    }
    for p in &got {
        if !want.contains(p) {
            errors.push(format!(
                "{at}: placeholder {{{p}}} is not in en.json (it has {})",
                list(want)
            ));
        }
    }
}

/// The language's `$dir` and `$plural`, in [`CATEGORIES`] order.
fn settings(f: &File, errors: &mut Vec<String>) -> (bool, Vec<&'static str>) {
    let rtl = match f.dir.as_deref() {
        Some("ltr") => false,
        Some("rtl") => true,
        _ => {
            errors.push(format!("{}: \"$dir\" must be \"ltr\" or \"rtl\"", f.name));
            false
        }
    };
    let Some(listed) = &f.plural else {
        errors.push(format!(
            "{}: \"$plural\" is missing: the CLDR plural categories of the language, e.g. [\"one\", \"other\"]",
            f.name
        ));
        return (rtl, vec!["other"]);
    };
    for c in listed {
        if !CATEGORIES.contains(&c.as_str()) {
            errors.push(format!(
                "{}: \"$plural\": \"{c}\" is not a CLDR plural category (zero, one, two, few, many, other)",
                f.name
            ));
        }
    }
    if !listed.iter().any(|c| c == "other") {
        errors.push(format!("{}: \"$plural\" must list \"other\"", f.name));
    }
    let cats = CATEGORIES
        .into_iter()
        .filter(|c| listed.iter().any(|l| l == c))
        .collect();
    (rtl, cats)
}

/// The stored form of a plural message: forms in [`CATEGORIES`] order. A form
/// that reads exactly like `other` is stored empty (the widget falls back to
/// `other` for an empty form), so a pack does not carry it twice.
fn encode(forms: &[(String, String)]) -> String {
    let form = |c: &str| {
        forms
            .iter()
            .find(|(k, _)| k == c)
            .map_or("", |(_, t)| t.as_str())
    };
    let other = form("other");
    let mut slots: Vec<&str> = CATEGORIES
        .iter()
        .map(|c| form(c))
        .enumerate()
        .map(|(i, t)| if i > 0 && t == other { "" } else { t })
        .collect();
    while slots.len() > 1 && slots.last() == Some(&"") {
        slots.pop();
    }
    slots.join(&SEPARATOR.to_string())
}

/// One language against English (`en` is None while checking English itself).
fn language(f: &File, en: Option<&File>, errors: &mut Vec<String>) -> Language {
    let (rtl, categories) = settings(f, errors);
    let name = &f.name;
    let reference = en.unwrap_or(f);
    let mut texts = Vec::new();
    for (key, english) in &reference.entries {
        let want = match english {
            Entry::Text(t) => placeholders(t),
            Entry::Plural(forms) => forms
                .iter()
                .find(|(c, _)| c == "other")
                .map_or(Ok(Vec::new()), |(_, t)| placeholders(t)),
        }
        .unwrap_or_default();
        let Some((_, entry)) = f.entries.iter().find(|(k, _)| k == key) else {
            let shown = match english {
                Entry::Text(t) => t.clone(),
                Entry::Plural(_) => "a plural message".into(),
            };
            errors.push(format!("{name}: \"{key}\" is missing (en.json: {shown:?})"));
            continue;
        };
        match (english, entry) {
            (Entry::Text(_), Entry::Text(t)) => {
                text(name, key, None, t, &want, errors);
                texts.push(t.clone());
            }
            (Entry::Plural(_), Entry::Plural(forms)) => {
                for c in &categories {
                    match forms.iter().find(|(k, _)| k == c) {
                        Some((_, t)) => text(name, key, Some(c), t, &want, errors),
                        None => errors.push(format!(
                            "{name}: \"{key}\": the \"{c}\" form is missing (\"$plural\" lists {})",
                            categories.join(", ")
                        )),
                    }
                }
                for (c, _) in forms {
                    if !categories.contains(&c.as_str()) {
                        errors.push(format!(
                            "{name}: \"{key}\": \"{c}\" is not a plural category of this language (\"$plural\" lists {})",
                            categories.join(", ")
                        ));
                    }
                }
                texts.push(encode(forms));
            }
            (Entry::Text(_), Entry::Plural(_)) => {
                errors.push(format!("{name}: \"{key}\" must be a text, as in en.json"))
            }
            (Entry::Plural(_), Entry::Text(_)) => errors.push(format!(
                "{name}: \"{key}\" must be an object of plural forms, as in en.json"
            )),
        }
    }
    for (key, _) in &f.entries {
        if !reference.entries.iter().any(|(k, _)| k == key) {
            errors.push(format!(
                "{name}: \"{key}\" is not in en.json (a typo, or a string removed there?)"
            ));
        }
    }
    Language {
        tag: f.tag.clone(),
        rtl,
        categories,
        texts,
    }
}

pub fn catalog(files: Vec<File>) -> Result<Catalog, Errors> {
    let mut errors = Vec::new();
    let Some(en) = files.iter().find(|f| f.tag == "en") else {
        return Err(Errors(vec![
            "en.json is missing: English is the reference".into()
        ]));
    };
    let mut keys = Vec::new();
    for (key, entry) in &en.entries {
        let valid = key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid || RUST_KEYWORDS.contains(&key.as_str()) {
            errors.push(format!(
                "en.json: \"{key}\": a key is a Rust method name: lower case, digits and _, not a keyword"
            ));
        }
        let note = en
            .notes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| n.clone());
        keys.push(Key {
            name: key.clone(),
            plural: matches!(entry, Entry::Plural(_)),
            note,
        });
    }
    for (k, _) in &en.notes {
        if !en.entries.iter().any(|(e, _)| e == k) {
            errors.push(format!("en.json: \"$notes\": \"{k}\" is not a key"));
        }
    }
    let mut languages = Vec::new();
    for f in &files {
        let reference = (f.tag != "en").then_some(en);
        languages.push(language(f, reference, &mut errors));
    }
    if errors.is_empty() {
        Ok(Catalog { keys, languages })
    } else {
        Err(Errors(errors))
    }
}
