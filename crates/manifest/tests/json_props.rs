//! The JSON reader (`trust_manifest::json`) against serde_json: it reads what
//! serde_json writes, escaped every way JSON allows, and whatever it accepts after
//! byte edits serde_json accepts with the same value (the reader is only ever
//! stricter). Set `PROPTEST_CASES` for a longer run.

#[path = "support/edits.rs"]
mod edits;

use edits::{apply, cases, edit};
use proptest::prelude::*;
use serde_json::{json, Value};
use trust_manifest::json::{parse as parse_json, Json};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{2028}\u{fffd}\u{1F600}a]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes JSON with every non-ASCII character and `/` escaped, so the reader's
/// `\u` and surrogate-pair paths are exercised.
fn write_escaped(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '/' => out.push_str("\\/"),
                    ' '..='~' => out.push(c),
                    c => {
                        let mut units = [0u16; 2];
                        for u in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{u:04X}"));
                        }
                    }
                }
            }
            out.push('"');
        }
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(" ,\n");
                }
                write_escaped(item, out);
            }
            out.push_str(" ]");
        }
        Value::Object(members) => {
            out.push_str("{\t");
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_escaped(&Value::String(k.clone()), out);
                out.push_str(" :\r\n");
                write_escaped(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The reader's tree as a serde_json value (numbers through serde_json's own parse,
/// which refuses numbers out of f64 range that the reader keeps as text).
fn to_serde(j: &Json) -> Result<Value, serde_json::Error> {
    Ok(match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(text) => serde_json::from_str(text)?,
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_serde).collect::<Result<_, _>>()?),
        Json::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| Ok((k.clone(), to_serde(v)?)))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// What the reader and serde_json make of the same text.
fn both(text: &[u8]) -> (Option<Result<Value, serde_json::Error>>, Option<Value>) {
    (
        parse_json(text, 32).ok().map(|j| to_serde(&j)),
        serde_json::from_slice(text).ok(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn the_reader_reads_what_serde_json_writes(v in json_value()) {
        let compact = serde_json::to_vec(&v).unwrap();
        let mut escaped = String::new();
        write_escaped(&v, &mut escaped);
        for text in [&compact[..], escaped.as_bytes()] {
            let (ours, theirs) = both(text);
            let ours = ours.expect("the reader reads it").unwrap();
            prop_assert_eq!(Some(ours), theirs);
        }
    }

    /// Whatever the reader accepts, serde_json accepts with the same value: the reader
    /// is only ever stricter (duplicate keys, depth).
    #[test]
    fn the_reader_accepts_nothing_serde_json_refuses(
        v in json_value(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let mut bytes = serde_json::to_vec(&v).unwrap();
        for e in &edits {
            apply(&mut bytes, e);
        }
        match both(&bytes) {
            (Some(Ok(ours)), theirs) => prop_assert_eq!(Some(ours), theirs),
            // A number beyond f64: valid JSON the reader keeps as text, serde_json refuses.
            (Some(Err(e)), None) => prop_assert!(e.to_string().contains("out of range"), "{}", e),
            (Some(Err(e)), Some(_)) => prop_assert!(false, "{}", e),
            (None, _) => {}
        }
    }
}
