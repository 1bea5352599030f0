//! One `<tag>.json` into its parts, in file order. Duplicate keys are an error
//! (a JSON map would silently keep the last one, and a translator would wonder
//! why their edit does not show).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A file as written: meta entries (`$…`) and strings, each in file order.
pub struct File {
    pub name: String,
    pub tag: String,
    pub dir: Option<String>,
    pub plural: Option<Vec<String>>,
    pub notes: Vec<(String, String)>,
    pub entries: Vec<(String, Entry)>,
}

/// One UI string: a text, or plural forms by category name (file order).
pub enum Entry {
    Text(String),
    Plural(Vec<(String, String)>),
}

/// A JSON value with objects kept in order, duplicates included (so they can be
/// reported; a map would keep only the last).
enum Node {
    Text(String),
    Object(Vec<(String, Node)>),
    List(Vec<Node>),
    /// A number, a boolean or null: never meaningful in a language file.
    Other,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_str<E>(self, s: &str) -> Result<Node, E> {
                Ok(Node::Text(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Node, E> {
                Ok(Node::Text(s))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(n) = seq.next_element()? {
                    out.push(n);
                }
                Ok(Node::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Node::Object(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether `tag` can be a file name and a `lang` attribute: BCP 47 subtags of
/// ASCII letters and digits (`de`, `zh-Hant`, `pt-BR`), a 2–3 letter language first.
fn valid_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Members of a nested object (`$notes`, a plural message) as strings.
fn strings(
    name: &str,
    key: &str,
    members: Vec<(String, Node)>,
) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in members {
        let Node::Text(s) = v else {
            return Err(format!("{name}: \"{key}\": \"{k}\" must be a string"));
        };
        if out.iter().any(|(seen, _)| *seen == k) {
            return Err(format!("{name}: \"{key}\": \"{k}\" appears twice"));
        }
        out.push((k, s));
    }
    Ok(out)
}

pub fn file(name: &str, text: &str) -> Result<File, Vec<String>> {
    let Some(tag) = name.strip_suffix(".json").filter(|t| valid_tag(t)) else {
        return Err(vec![format!(
            "{name}: a language file is named by its BCP 47 tag, like de.json or zh-Hant.json"
        )]);
    };
    let members = match serde_json::from_str(text) {
        Ok(Node::Object(members)) => members,
        Ok(_) => return Err(vec![format!("{name}: not a JSON object")]),
        Err(e) => return Err(vec![format!("{name}: not JSON: {e}")]),
    };
    let mut errors = Vec::new();
    let mut file = File {
        name: name.to_owned(),
        tag: tag.to_owned(),
        dir: None,
        plural: None,
        notes: Vec::new(),
        entries: Vec::new(),
    };
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in &members {
        if seen.contains(&key.as_str()) {
            errors.push(format!("{name}: \"{key}\" appears twice"));
        }
        seen.push(key);
    }
    for (key, value) in members {
        match (key.as_str(), value) {
            ("$dir", Node::Text(d)) => file.dir = Some(d),
            ("$plural", Node::List(list)) => {
                let list: Option<Vec<String>> = list
                    .into_iter()
                    .map(|v| match v {
                        Node::Text(s) => Some(s),
                        _ => None,
                    })
                    .collect();
                match list {
                    Some(list) => file.plural = Some(list),
                    None => errors.push(format!("{name}: \"$plural\" must list category names")),
                }
            }
            ("$notes", Node::Object(_)) if tag != "en" => {
                errors.push(format!("{name}: \"$notes\" belong in en.json only"))
            }
            ("$notes", Node::Object(m)) => match strings(name, "$notes", m) {
                Ok(notes) => file.notes = notes,
                Err(e) => errors.push(e),
            },
            (k, _) if k.starts_with('$') => errors.push(format!(
                "{name}: \"{k}\": unknown or malformed setting (there are $dir, $plural and $notes)"
            )),
            (_, Node::Text(s)) => file.entries.push((key, Entry::Text(s))),
            (_, Node::Object(m)) => match strings(name, &key, m) {
                Ok(forms) => file.entries.push((key, Entry::Plural(forms))),
                Err(e) => errors.push(e),
            },
            (_, _) => errors.push(format!(
                "{name}: \"{key}\" must be a text or an object of plural forms"
            )),
        }
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(errors)
    }
}
