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

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

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

/// Parses a complete JSON document (RFC 8259), nesting at most `max_depth` deep.
pub fn parse(text: &[u8], max_depth: usize) -> Result<Json, JsonError> {
    let mut p = Parser {
        s: text,
        i: 0,
        depth: 0,
        max_depth,
    };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("trailing characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    depth: usize,
    max_depth: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> JsonError {
        JsonError::new(alloc::format!("{what} at byte {}", self.i))
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        let ok = self.s[self.i..].starts_with(lit);
        if ok {
            self.i += lit.len();
        }
        ok
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        match self.s.get(self.i) {
            Some(b'{') => self.nested(Self::object),
            Some(b'[') => self.nested(Self::array),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.eat(b"true") => Ok(Json::Bool(true)),
            _ if self.eat(b"false") => Ok(Json::Bool(false)),
            _ if self.eat(b"null") => Ok(Json::Null),
            _ => Err(self.err("expected a JSON value")),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Result<Json, JsonError>) -> Result<Json, JsonError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self.err("nesting too deep"));
        }
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        self.i += 1;
        let mut members: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.eat(b"}") {
            return Ok(Json::Object(members));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.ws();
            if !self.eat(b":") {
                return Err(self.err("expected ':'"));
            }
            self.ws();
            let v = self.value()?;
            members.push((key, v));
            self.ws();
            if self.eat(b"}") {
                // Checked once per object by sorting: a check per key against the keys
                // before it is quadratic, and an unauthenticated envelope of 150,000
                // keys took 35 s to refuse.
                let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
                keys.sort_unstable();
                if keys.windows(2).any(|w| w[0] == w[1]) {
                    return Err(self.err("duplicate key"));
                }
                return Ok(Json::Object(members));
            }
            if !self.eat(b",") {
                return Err(self.err("expected ',' or '}'"));
            }
        }
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b"]") {
            return Ok(Json::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            if self.eat(b"]") {
                return Ok(Json::Array(items));
            }
            if !self.eat(b",") {
                return Err(self.err("expected ',' or ']'"));
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        self.eat(b"-");
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - from
        };
        let int_start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.s[int_start] == b'0') {
            return Err(self.err("bad number"));
        }
        if self.eat(b".") && digits(self) == 0 {
            return Err(self.err("bad number"));
        }
        if self.eat(b"e") || self.eat(b"E") {
            let _ = self.eat(b"+") || self.eat(b"-");
            if digits(self) == 0 {
                return Err(self.err("bad number"));
            }
        }
        let text =
            core::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err("bad number"))?;
        Ok(Json::Number(text.into()))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.s.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.extend_from_slice(&self.s[start..self.i]);
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return String::from_utf8(out).map_err(|_| self.err("invalid UTF-8"));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.escape()?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => return Err(self.err("control character in string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let c = *self
            .s
            .get(self.i)
            .ok_or_else(|| self.err("unterminated escape"))?;
        self.i += 1;
        Ok(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    if !self.eat(b"\\u") {
                        return Err(self.err("lone surrogate"));
                    }
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.err("lone surrogate"));
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                char::from_u32(code).ok_or_else(|| self.err("lone surrogate"))?
            }
            _ => return Err(self.err("bad escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("bad \\u escape"))?;
        // from_str_radix alone would also take a sign: "\u+041".
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.err("bad \\u escape"));
        }
        let text = core::str::from_utf8(digits).map_err(|_| self.err("bad \\u escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(v)
    }
}

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
