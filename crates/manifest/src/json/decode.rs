//! Reading typed values out of a `Json` tree: the `FromJson` trait, the field
//! readers derived impls use, and the impls for the standard types.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use super::{parse, Json, JsonError};

/// Types read from a `Json` tree.
pub trait FromJson: Sized {
    fn from_json(v: &Json) -> Result<Self, JsonError>;
}

impl Json {
    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// An error saying what was expected here and what was found.
    pub fn expected(&self, what: &str) -> JsonError {
        JsonError::new(alloc::format!("expected {what}, found {}", self.kind()))
    }

    /// The members of an object.
    pub fn object(&self) -> Result<Obj<'_>, JsonError> {
        match self {
            Json::Object(m) => Ok(Obj(m)),
            other => Err(other.expected("an object")),
        }
    }

    /// The text of a string.
    pub fn str(&self) -> Result<&str, JsonError> {
        match self {
            Json::String(s) => Ok(s),
            other => Err(other.expected("a string")),
        }
    }
}

/// An object's members, with field readers used by derived `FromJson` impls.
#[derive(Debug, Clone, Copy)]
pub struct Obj<'a>(pub &'a [(String, Json)]);

impl<'a> Obj<'a> {
    /// The value of a key, if present.
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A required field.
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, JsonError> {
        match self.get(key) {
            Some(v) => T::from_json(v).map_err(|e| e.at(key)),
            None => Err(JsonError::new(alloc::format!("missing field `{key}`"))),
        }
    }

    /// A field that may be absent; absent uses `default`.
    pub fn or<T: FromJson>(&self, key: &str, default: fn() -> T) -> Result<T, JsonError> {
        match self.get(key) {
            Some(v) => T::from_json(v).map_err(|e| e.at(key)),
            None => Ok(default()),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| e.at(&alloc::format!("{i}"))))
                .collect(),
            other => Err(other.expected("an array")),
        }
    }
}

impl FromJson for String {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        v.str().map(ToOwned::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Bool(b) => Ok(*b),
            other => Err(other.expected("true or false")),
        }
    }
}

/// Unsigned integers: plain digits only (no fraction, exponent or sign), in range.
fn unsigned(v: &Json, max: u64) -> Result<u64, JsonError> {
    match v {
        Json::Number(text) => text
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| JsonError::new(alloc::format!("expected an integer from 0 to {max}"))),
        other => Err(other.expected("an integer")),
    }
}

macro_rules! unsigned_from_json {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(v: &Json) -> Result<Self, JsonError> {
                unsigned(v, <$t>::MAX as u64).map(|n| n as $t)
            }
        }
    )*};
}
unsigned_from_json!(u8, u16, u32, u64);

impl<const N: usize> FromJson for [u64; N] {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let items: Vec<u64> = FromJson::from_json(v)?;
        items
            .try_into()
            .map_err(|_| JsonError::new(alloc::format!("expected an array of {N} integers")))
    }
}

impl FromJson for Json {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        Ok(v.clone())
    }
}

/// Parses text and decodes it as `T`, with the depth limit verification uses.
pub fn from_slice<T: FromJson>(text: &[u8]) -> Result<T, crate::Error> {
    let tree = parse(text, crate::Limits::default().depth).map_err(crate::Error::malformed)?;
    T::from_json(&tree).map_err(crate::Error::malformed)
}
