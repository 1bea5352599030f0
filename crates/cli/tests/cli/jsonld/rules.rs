//! What `trustctl jsonld`'s output is held to: the schema.org vocabulary
//! (`schemaorg-subset.json`: the terms it emits, with their domains and ranges) and
//! Google's structured-data rules for product reviews, return policies and
//! certifications.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::AT;

pub struct Vocabulary(Value);

impl Vocabulary {
    pub fn load() -> Vocabulary {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemaorg-subset.json");
        Vocabulary(serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap())
    }

    fn is_class(&self, name: &str) -> bool {
        self.0["types"].get(name).is_some()
    }

    /// The type and all its supertypes (classes or data types).
    fn ancestry(&self, name: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo = vec![name.to_owned()];
        while let Some(t) = todo.pop() {
            let entry = self.0["types"]
                .get(&t)
                .or_else(|| self.0["dataTypes"].get(&t));
            if let Some(parents) = entry.and_then(|e| e["subClassOf"].as_array()) {
                todo.extend(parents.iter().map(|p| p.as_str().unwrap().to_owned()));
            }
            out.insert(t);
        }
        out
    }

    fn property(&self, name: &str) -> Option<(Vec<String>, Vec<String>)> {
        let p = self.0["properties"].get(name)?;
        let list = |k: &str| {
            p[k].as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        Some((list("domainIncludes"), list("rangeIncludes")))
    }

    /// Whether `t` (or a supertype) is in `range`.
    fn fits(&self, t: &str, range: &[String]) -> bool {
        let ancestry = self.ancestry(t);
        range.iter().any(|r| ancestry.contains(r))
    }

    /// Every problem with a JSON-LD document, as "pointer: message".
    pub fn check(&self, doc: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        if doc["@context"] != "https://schema.org" {
            problems.push("/@context: not https://schema.org".to_owned());
        }
        match doc["@graph"].as_array() {
            Some(nodes) => {
                for (i, node) in nodes.iter().enumerate() {
                    self.node(node, &format!("/@graph/{i}"), None, &mut problems);
                }
            }
            None => problems.push("/@graph: missing".to_owned()),
        }
        problems
    }

    fn node(&self, v: &Value, at: &str, range: Option<&[String]>, problems: &mut Vec<String>) {
        let Some(obj) = v.as_object() else {
            problems.push(format!("{at}: expected an object"));
            return;
        };
        let Some(t) = obj.get("@type").and_then(Value::as_str) else {
            problems.push(format!("{at}: no @type"));
            return;
        };
        if !self.is_class(t) {
            problems.push(format!("{at}: @type {t} is not a schema.org type here"));
            return;
        }
        if let Some(range) = range {
            if !self.fits(t, range) {
                problems.push(format!("{at}: a {t} where {range:?} is expected"));
            }
        }
        let ancestry = self.ancestry(t);
        for (k, value) in obj {
            let here = format!("{at}/{k}");
            if k == "@type" {
                continue;
            }
            if k == "@id" {
                if !value.as_str().is_some_and(|s| s.starts_with("https://")) {
                    problems.push(format!("{here}: not an https IRI"));
                }
                continue;
            }
            let Some((domain, range)) = self.property(k) else {
                problems.push(format!("{here}: {k} is not a schema.org property here"));
                continue;
            };
            if !domain.iter().any(|d| ancestry.contains(d)) {
                problems.push(format!(
                    "{here}: {k} is not a property of {t} (domainIncludes {domain:?})"
                ));
            }
            match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(item, &format!("{here}/{i}"), &range, problems);
                    }
                }
                _ => self.value(value, &here, &range, problems),
            }
        }
    }

    fn value(&self, v: &Value, at: &str, range: &[String], problems: &mut Vec<String>) {
        let allows = |t: &str| self.fits(t, range);
        match v {
            Value::Object(_) => self.node(v, at, Some(range), problems),
            Value::String(s) => {
                if let Some(member) = s.strip_prefix("https://schema.org/") {
                    match self.0["enumerationMembers"]
                        .get(member)
                        .and_then(Value::as_str)
                    {
                        Some(enumeration) if allows(enumeration) => {}
                        Some(enumeration) => problems.push(format!(
                            "{at}: {member} is a {enumeration}, not one of {range:?}"
                        )),
                        None => problems
                            .push(format!("{at}: {member} is not an enumeration member here")),
                    }
                } else if allows("Text") {
                    // Text, or a class that also accepts text (Country, Language).
                } else if allows("URL") {
                    if !s.starts_with("https://") && !s.starts_with("http://") {
                        problems.push(format!("{at}: {s:?} is not a URL"));
                    }
                } else if allows("Date") || allows("DateTime") {
                    let date = s.len() >= 4 && s[..4].bytes().all(|b| b.is_ascii_digit());
                    if !date {
                        problems.push(format!("{at}: {s:?} is not an ISO 8601 date"));
                    }
                } else {
                    problems.push(format!("{at}: text where {range:?} is expected"));
                }
            }
            Value::Number(n) => {
                let ok = if n.is_f64() {
                    range.iter().any(|r| r == "Number" || r == "Text")
                } else {
                    allows("Integer") || allows("Number")
                };
                if !ok {
                    problems.push(format!("{at}: a number where {range:?} is expected"));
                }
            }
            Value::Bool(_) if allows("Boolean") => {}
            _ => problems.push(format!("{at}: {v} does not fit {range:?}")),
        }
    }
}

/// Nodes of a type anywhere in the document.
fn nodes_of<'a>(v: &'a Value, t: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(o) => {
            if o.get("@type").and_then(Value::as_str) == Some(t) {
                out.push(v);
            }
            o.values().for_each(|c| nodes_of(c, t, out));
        }
        Value::Array(items) => items.iter().for_each(|c| nodes_of(c, t, out)),
        _ => {}
    }
}

pub fn all<'a>(doc: &'a Value, t: &str) -> Vec<&'a Value> {
    let mut out = Vec::new();
    nodes_of(doc, t, &mut out);
    out
}

/// Google's rules for these rich results, on top of the vocabulary.
pub fn google_rules(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for org in all(doc, "Organization") {
        if org.get("aggregateRating").is_some() || org.get("review").is_some() {
            problems.push("an Organization carries review stars (self-serving)".to_owned());
        }
    }
    for p in all(doc, "Product") {
        if p["name"].as_str().unwrap_or_default().is_empty() {
            problems.push("a Product without a name".to_owned());
        }
    }
    for r in all(doc, "Review") {
        let author = &r["author"];
        let named = !author["name"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .is_empty();
        if !(author["@type"] == "Person" || author["@type"] == "Organization") || !named {
            problems.push(format!("a Review without an author name: {author}"));
        }
        if r["reviewRating"]["ratingValue"].as_f64().is_none() {
            problems.push("a Review without reviewRating.ratingValue".to_owned());
        }
    }
    for a in all(doc, "AggregateRating") {
        let value = a["ratingValue"].as_f64().unwrap_or(-1.0);
        let (worst, best) = (
            a["worstRating"].as_f64().unwrap_or(1.0),
            a["bestRating"].as_f64().unwrap_or(5.0),
        );
        if !(worst..=best).contains(&value) {
            problems.push(format!("ratingValue {value} outside {worst}..={best}"));
        }
        if a["ratingCount"].as_u64().unwrap_or(0) == 0 {
            problems.push("an AggregateRating without a positive ratingCount".to_owned());
        }
    }
    for p in all(doc, "MerchantReturnPolicy") {
        let countries = p["applicableCountry"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if countries.is_empty()
            || !countries.iter().all(|c| {
                c.as_str()
                    .is_some_and(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
            })
        {
            problems.push(format!(
                "applicableCountry {countries:?}: not ISO 3166-1 alpha-2"
            ));
        }
        let finite =
            p["returnPolicyCategory"] == "https://schema.org/MerchantReturnFiniteReturnWindow";
        if finite != p.get("merchantReturnDays").is_some() {
            problems.push("merchantReturnDays goes with a finite return window only".to_owned());
        }
    }
    for c in all(doc, "Certification") {
        if let Some(expires) = c.get("expires").and_then(Value::as_str) {
            if expires < &AT[..10] {
                problems.push(format!("certificate {} expired on {expires}", c["name"]));
            }
        }
        if c.get("validFrom")
            .and_then(Value::as_str)
            .is_some_and(|f| f > &AT[..10])
        {
            problems.push(format!("certificate {} is not valid yet", c["name"]));
        }
    }
    problems
}
