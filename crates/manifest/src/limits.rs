//! Limits enforced before any expensive work: a linear pre-scan of the JSON text
//! bounds string lengths, array lengths and nesting before serde builds anything.

use alloc::format;

use crate::Error;

/// Resource limits. The defaults fit a large brand's first page with room to spare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest envelope accepted, in bytes.
    pub envelope_bytes: usize,
    /// Most reviews (of either kind) in one manifest.
    pub reviews: usize,
    /// Longest JSON string, in bytes (after escapes are counted as written).
    pub string_bytes: usize,
    /// Most elements in any one array.
    pub array_items: usize,
    /// Deepest nesting of arrays and objects.
    pub depth: usize,
    /// Largest review page file accepted, in bytes (the page's own JSON text, a
    /// string inside the file, may be this long; its content is scanned with the
    /// other limits once its proof checked out).
    pub page_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            envelope_bytes: 2 * 1024 * 1024,
            reviews: 20_000,
            string_bytes: 16 * 1024,
            array_items: 20_000,
            depth: 32,
            page_bytes: 256 * 1024,
        }
    }
}

impl Limits {
    /// Checks raw JSON text against the string, array and depth limits. It does not
    /// validate JSON; serde does that afterwards on text known to be bounded.
    pub fn scan(&self, json: &[u8]) -> Result<(), Error> {
        // Per open container: element count so far (arrays only; objects use usize::MAX).
        let mut counts: alloc::vec::Vec<usize> = alloc::vec::Vec::new();
        let mut i = 0;
        while i < json.len() {
            match json[i] {
                b'"' => {
                    let start = i;
                    i += 1;
                    while i < json.len() && json[i] != b'"' {
                        i += if json[i] == b'\\' { 2 } else { 1 };
                    }
                    if i - start - 1 > self.string_bytes {
                        return Err(Error::TooLarge(format!(
                            "a string of {} bytes (limit {})",
                            i - start - 1,
                            self.string_bytes
                        )));
                    }
                }
                c @ (b'[' | b'{') => {
                    counts.push(if c == b'[' { 1 } else { usize::MAX });
                    if counts.len() > self.depth {
                        return Err(Error::TooLarge(format!(
                            "nesting deeper than {}",
                            self.depth
                        )));
                    }
                    if c == b'[' && next_non_ws(json, i + 1) == Some(b']') {
                        if let Some(top) = counts.last_mut() {
                            *top = 0;
                        }
                    }
                }
                b']' | b'}' => {
                    counts.pop();
                }
                b',' => {
                    if let Some(top) = counts.last_mut() {
                        if *top != usize::MAX {
                            *top += 1;
                            if *top > self.array_items {
                                return Err(Error::TooLarge(format!(
                                    "an array of more than {} items",
                                    self.array_items
                                )));
                            }
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
        Ok(())
    }
}

fn next_non_ws(json: &[u8], from: usize) -> Option<u8> {
    json[from.min(json.len())..]
        .iter()
        .copied()
        .find(|c| !c.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            envelope_bytes: 100,
            reviews: 2,
            string_bytes: 5,
            array_items: 3,
            depth: 3,
            page_bytes: 100,
        }
    }

    #[test]
    fn accepts_within_limits() {
        small()
            .scan(br#"{"a":["abcde","x\"y",[1,2,3]],"b":[]}"#)
            .unwrap();
    }

    #[test]
    fn refuses_each_limit() {
        let l = small();
        assert_eq!(
            l.scan(br#"{"a":"abcdef"}"#).unwrap_err().code(),
            "too-large"
        );
        assert_eq!(l.scan(br#"[1,2,3,4]"#).unwrap_err().code(), "too-large");
        assert_eq!(l.scan(br#"[[[[1]]]]"#).unwrap_err().code(), "too-large");
        // Commas inside strings and objects do not count as array items.
        l.scan(br#"[{"a":1,"b":2,"c":3,"d":4}]"#).unwrap();
        l.scan(br#"[",,,,"]"#).unwrap();
    }
}
