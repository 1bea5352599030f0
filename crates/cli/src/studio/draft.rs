//! The manifest being edited: a JSON document (so fields the studio has no
//! control for, such as imported reviews, stay as they were), changed one value
//! at a time by JSON pointer, and saved whole.
//!
//! A value the form clears is removed rather than kept as `""`: optional fields
//! then read as absent, and a required one is reported by lint as missing, at the
//! place it belongs. What the merchant types is kept as typed: a number field
//! that does not hold a number is stored as the string, for lint to point at,
//! never guessed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};

/// How a control's text becomes JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// Comma-separated, e.g. `DE, AT`.
    List,
    Bool,
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "text" => Kind::Text,
            "number" => Kind::Number,
            "list" => Kind::List,
            "bool" => Kind::Bool,
            _ => return None,
        })
    }

    /// The JSON for a control's text; `None` removes the value.
    pub fn value(self, text: &str) -> Option<Value> {
        let text = text.trim();
        match self {
            Kind::Bool => (text == "true").then_some(Value::Bool(true)),
            _ if text.is_empty() => None,
            Kind::Text => Some(json!(text)),
            Kind::Number => Some(
                text.parse::<u64>()
                    .map_or_else(|_| json!(text), |n| json!(n)),
            ),
            Kind::List => Some(Value::Array(
                text.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| json!(s))
                    .collect(),
            )),
        }
    }
}

/// The document and the file it is saved to.
pub struct Draft {
    pub doc: Value,
    pub path: PathBuf,
    /// Changed since it was loaded or saved.
    pub dirty: bool,
}

impl Draft {
    /// Reads the manifest, or starts from an empty one when the file does not exist.
    /// A signed envelope is refused: the studio edits what `sign` reads.
    pub fn open(path: &Path) -> Result<Draft> {
        let doc = if path.exists() {
            let doc = crate::io::read_json(path)?;
            if !doc.is_object() {
                bail!("{} is not a JSON object", path.display());
            }
            if doc.get("payloadType").is_some() {
                bail!(
                    "{} is a signed envelope; open the unsigned manifest it was signed from",
                    path.display()
                );
            }
            doc
        } else {
            json!({})
        };
        Ok(Draft {
            doc,
            path: path.to_owned(),
            dirty: false,
        })
    }

    /// Sets (or, with `None`, removes) the value at `pointer`, making the objects
    /// on the way. Arrays on the way must exist (items are added with `add`).
    pub fn set(&mut self, pointer: &str, value: Option<Value>) -> Result<()> {
        let segments = segments(pointer)?;
        let (last, parents) = segments
            .split_last()
            .context("the document itself cannot be set")?;
        set_in(&mut self.doc, parents, last, value)?;
        self.dirty = true;
        Ok(())
    }

    /// Appends `item` to the array at `pointer` (made when missing); its index.
    pub fn add(&mut self, pointer: &str, item: Value) -> Result<usize> {
        let segments = segments(pointer)?;
        let mut at = &mut self.doc;
        for seg in &segments {
            at = child(at, seg, true)?;
        }
        if at.is_null() {
            *at = Value::Array(Vec::new());
        }
        let Value::Array(items) = at else {
            bail!("{pointer} is not a list");
        };
        items.push(item);
        self.dirty = true;
        Ok(items.len() - 1)
    }

    /// Removes the array item at `pointer` (`/certifications/2`).
    pub fn remove(&mut self, pointer: &str) -> Result<()> {
        let segments = segments(pointer)?;
        let (last, parents) = segments
            .split_last()
            .context("the document itself cannot be removed")?;
        let index: usize = last.parse().context("only list items can be removed")?;
        let mut at = &mut self.doc;
        for seg in parents {
            at = child(at, seg, false)?;
        }
        match at {
            Value::Array(items) if index < items.len() => {
                items.remove(index);
            }
            _ => bail!("{pointer} is not a list item"),
        }
        self.dirty = true;
        Ok(())
    }

    /// The array at `pointer`, if there is one.
    pub fn list(&self, pointer: &str) -> &[Value] {
        self.doc
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// Writes the manifest whole (`write_atomically`).
    pub fn save(&mut self) -> Result<()> {
        write_atomically(&self.path, &crate::io::to_pretty(&self.doc))?;
        self.dirty = false;
        Ok(())
    }
}

/// A temporary file beside `path`, synced, then renamed over it: a failed write
/// leaves the previous file whole.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().context("the path names no file")?;
    let tmp = dir.join(format!(
        ".{}.studio-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// RFC 6901 segments, unescaped.
fn segments(pointer: &str) -> Result<Vec<String>> {
    let Some(rest) = pointer.strip_prefix('/') else {
        bail!("{pointer:?} is not a JSON pointer");
    };
    Ok(rest
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// The child `seg` of `at`; with `make`, a missing object member is made `{}`
/// (or left `null` when it is the last, for `add` to make a list).
fn child<'a>(at: &'a mut Value, seg: &str, make: bool) -> Result<&'a mut Value> {
    match at {
        Value::Object(map) => {
            if make {
                Ok(map.entry(seg).or_insert(Value::Null))
            } else {
                map.get_mut(seg).with_context(|| format!("no {seg:?} here"))
            }
        }
        Value::Array(items) => {
            let i: usize = seg
                .parse()
                .with_context(|| format!("{seg:?} is not a list index"))?;
            items
                .get_mut(i)
                .with_context(|| format!("no item {i} here"))
        }
        // A list is made by `add`, never by a pointer that names an index in it.
        Value::Null if make && seg.parse::<usize>().is_err() => {
            *at = Value::Object(Map::new());
            child(at, seg, make)
        }
        _ => bail!("{seg:?} is inside a value that is not an object or list"),
    }
}

fn set_in(at: &mut Value, parents: &[String], last: &str, value: Option<Value>) -> Result<()> {
    if let Some((seg, rest)) = parents.split_first() {
        if value.is_none() && at.get(seg.as_str()).is_none() && !at.is_array() {
            return Ok(()); // nothing to remove
        }
        let next = child(at, seg, true)?;
        set_in(next, rest, last, value)?;
        // An object the form emptied goes too (`returns: {}` would read as a
        // policy without its required category); list items stay.
        if let Value::Object(map) = at {
            if map
                .get(seg.as_str())
                .is_some_and(|v| v.as_object().is_some_and(Map::is_empty))
            {
                map.remove(seg.as_str());
            }
        }
        return Ok(());
    }
    match (at, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (at @ Value::Null, Some(v)) => {
            *at = json!({ last: v });
        }
        (Value::Null, None) => {}
        _ => bail!("{last:?} is inside a value that is not an object"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            doc: json!({}),
            path: PathBuf::from("m.json"),
            dirty: false,
        }
    }

    #[test]
    fn sets_makes_the_way_and_clears_what_is_emptied() {
        let mut d = draft();
        d.set("/issuer/name", Kind::Text.value("  <b>Fjord</b> "))
            .unwrap();
        d.add("/policies", json!({})).unwrap();
        d.set(
            "/policies/0/returns/merchantReturnDays",
            Kind::Number.value("30"),
        )
        .unwrap();
        d.set("/policies/0/applicableCountry", Kind::List.value("DE, AT,"))
            .unwrap();
        assert_eq!(
            d.doc,
            json!({"issuer": {"name": "<b>Fjord</b>"}, "policies": [{"returns": {"merchantReturnDays": 30}, "applicableCountry": ["DE", "AT"]}]})
        );
        d.set(
            "/policies/0/returns/merchantReturnDays",
            Kind::Number.value("thirty"),
        )
        .unwrap();
        assert_eq!(
            d.doc["policies"][0]["returns"]["merchantReturnDays"],
            json!("thirty")
        );
        d.set("/policies/0/returns/merchantReturnDays", None)
            .unwrap();
        assert_eq!(
            d.doc["policies"][0],
            json!({"applicableCountry": ["DE", "AT"]})
        );
        d.remove("/policies/0").unwrap();
        assert_eq!(d.doc["policies"], json!([]));
        assert!(d
            .set("/policies/3/default", Kind::Bool.value("true"))
            .is_err());
        assert!(d.set("no-slash", None).is_err());
    }
}
