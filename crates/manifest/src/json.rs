//! A small JSON reader for the verification path.
//!
//! Why not serde_json here: decoding the manifest model through serde's derive
//! monomorphises a visitor per type and per container, which measured 151 KB of
//! wasm for the model alone (ARCHITECTURE.md, "Bundle size"). This reader builds a
//! plain tree with one non-generic parser, and `FromJson` impls (derived by
//! `trust-manifest-derive`, honouring the same `#[serde(rename, default, other)]`
//! attributes as serde) read fields out of it with small, mostly shared code.
//!
//! It is strict where strictness closes doors: duplicate object keys, lone
//! surrogates, trailing data, leading zeros and control characters in strings are
//! errors, so every reader of a signed payload sees the same values.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

mod decode;
mod parser;

pub use decode::{from_slice, FromJson, Obj};
pub use parser::parse;

/// A parsed JSON value. Numbers keep their text so integers never pass through f64.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Box<str>),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Why a document did not decode, with the JSON pointer of the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub pointer: String,
    pub message: String,
}

impl JsonError {
    pub fn new(message: impl Into<String>) -> Self {
        JsonError {
            pointer: String::new(),
            message: message.into(),
        }
    }
    /// Prefixes the pointer with a parent key or index (errors unwind outwards).
    pub fn at(mut self, segment: &str) -> Self {
        let escaped = segment.replace('~', "~0").replace('/', "~1");
        self.pointer = alloc::format!("/{escaped}{}", self.pointer);
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn p(s: &str) -> Result<Json, JsonError> {
        parse(s.as_bytes(), 8)
    }

    #[test]
    fn parses_rfc8259_values() {
        assert_eq!(
            p(r#" {"a": [1, -2.5e3, true, false, null, "x\u00e9\ud83d\ude00\n"]} "#).unwrap(),
            Json::Object(vec![(
                "a".to_string(),
                Json::Array(vec![
                    Json::Number("1".into()),
                    Json::Number("-2.5e3".into()),
                    Json::Bool(true),
                    Json::Bool(false),
                    Json::Null,
                    Json::String("xé😀\n".to_string()),
                ])
            )])
        );
    }

    #[test]
    fn refuses_what_readers_could_disagree_on() {
        for bad in [
            r#"{"a":1,"a":2}"#,
            r#""\ud800""#,
            r#""\udc00x""#,
            "01",
            "1.",
            "-",
            "[1,]",
            "{}x",
            "\"a\u{1}\"",
            "[[[[[[[[[1]]]]]]]]]",
            "",
            "nul",
        ] {
            assert!(p(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn integers_are_checked() {
        assert_eq!(u8::from_json(&p("255").unwrap()), Ok(255));
        assert!(u8::from_json(&p("256").unwrap()).is_err());
        assert!(u32::from_json(&p("1.0").unwrap()).is_err());
        assert!(u32::from_json(&p("-1").unwrap()).is_err());
        assert!(u64::from_json(&p("\"1\"").unwrap()).is_err());
    }

    #[test]
    fn errors_carry_a_pointer() {
        let v = p(r#"{"a":[{"b":"x"}]}"#).unwrap();
        let err = v
            .object()
            .unwrap()
            .req::<Vec<Json>>("a")
            .and_then(|items| items[0].object()?.req::<u8>("b"));
        assert_eq!(
            err.unwrap_err().to_string(),
            "/b: expected an integer, found a string"
        );
    }
}
