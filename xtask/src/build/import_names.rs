//! Short names for the wasm's imports from its own glue, and for the exports
//! only the glue calls.
//!
//! wasm-bindgen names every import the glue provides `__wbg_<what>_<16 hex digits>`
//! (150-odd of them): each name is written twice, once in the wasm's import section
//! and once as a key of the glue's import object, and the hex digits do not compress.
//! Renaming both sides to one or two letters took 3.5 KB brotli off the bundle
//! (docs/measurements.md). Its own exports (`__wbindgen_malloc`, closure
//! trampolines named after their Rust types, …) are read only by the glue too and
//! are renamed the same way. The names mean nothing to anyone: the glue is
//! generated, and it is the only module that provides these imports and calls
//! these exports (the loader reads `memory`, which keeps its name).

use std::collections::HashMap;

use anyhow::{bail, ensure, Context, Result};

/// Renames every import of module `module` (the glue, `./<stem>_bg.js`) in `wasm`
/// to a short name, and the same key in `glue`, which must hold each old name
/// exactly once (as its import object's key): anything else fails the build
/// rather than guess.
pub(super) fn shorten(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String)> {
    ensure!(
        wasm.len() >= 8 && wasm[..4] == *b"\0asm",
        "not a wasm module"
    );
    let mut out = wasm[..8].to_vec();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut exports: HashMap<String, String> = HashMap::new();
    let mut r = Reader { bytes: wasm, at: 8 };
    while r.at < wasm.len() {
        let id = r.byte()?;
        let size = r.uleb()? as usize;
        let body = r.take(size)?;
        if id == 7 {
            out.push(7);
            let section = rename_exports(body, &mut exports)?;
            out.extend(uleb(section.len() as u32));
            out.extend(section);
            continue;
        }
        if id != 2 {
            out.push(id);
            out.extend(uleb(size as u32));
            out.extend(body);
            continue;
        }
        let mut s = Reader { bytes: body, at: 0 };
        let count = s.uleb()?;
        let mut section = uleb(count);
        for _ in 0..count {
            let from = s.name()?;
            let name = s.name()?;
            let start = s.at;
            s.import_type()?;
            let kind = &body[start..s.at];
            let name = if from == module {
                let next = short_name(names.len());
                names.entry(name.to_owned()).or_insert(next).clone()
            } else {
                name.to_owned()
            };
            section.extend(encode_name(from));
            section.extend(encode_name(&name));
            section.extend(kind);
        }
        out.push(2);
        out.extend(uleb(section.len() as u32));
        out.extend(section);
    }
    ensure!(!names.is_empty(), "the wasm imports nothing from {module}");
    let mut glue = glue.to_owned();
    for (old, new) in &names {
        glue = replace_once(&glue, old, new)
            .with_context(|| format!("renaming the import {old} in the glue"))?;
    }
    for (old, new) in &exports {
        glue = replace_all(&glue, old, new)
            .with_context(|| format!("renaming the export {old} in the glue"))?;
    }
    Ok((out, glue))
}

/// Exports that only the glue uses: wasm-bindgen's own (`__wbindgen_*`,
/// `__externref_*`) and its closure trampolines (`wasm_bindgen_<hash>___convert…`).
const GLUE_ONLY_EXPORTS: [&str; 3] = ["__wbindgen_", "__externref_", "wasm_bindgen_"];

/// The export section with the glue-only names shortened to `_<letters>` (no
/// other export starts with one underscore and a letter), recorded in `renamed`.
fn rename_exports(body: &[u8], renamed: &mut HashMap<String, String>) -> Result<Vec<u8>> {
    let mut s = Reader { bytes: body, at: 0 };
    let count = s.uleb()?;
    let mut section = uleb(count);
    for _ in 0..count {
        let name = s.name()?;
        let start = s.at;
        s.byte()?; // kind
        s.uleb()?; // index
        let name = if GLUE_ONLY_EXPORTS.iter().any(|p| name.starts_with(p)) {
            let next = format!("_{}", short_name(renamed.len()));
            renamed.entry(name.to_owned()).or_insert(next).clone()
        } else {
            ensure!(
                !name.starts_with('_') || name.starts_with("__"),
                "an export named like a shortened one: {name}"
            );
            name.to_owned()
        };
        section.extend(encode_name(&name));
        section.extend(&body[start..s.at]);
    }
    Ok(section)
}

/// `a`..`Z`, then `aa`, `ab`, …: bijective base 52, so every `n` has its own name.
fn short_name(mut n: usize) -> String {
    const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(ALPHA[n % ALPHA.len()]);
        n /= ALPHA.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII")
}

/// Where `old` stands in `text` as a whole identifier (not part of a longer one).
fn hits(text: &str, old: &str) -> Vec<usize> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    text.match_indices(old)
        .map(|(i, _)| i)
        .filter(|&i| !text[..i].ends_with(ident) && !text[i + old.len()..].starts_with(ident))
        .collect()
}

/// `text` with `old` replaced at `at` (positions of `old`, ascending).
fn replace_at(text: &str, at: &[usize], old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for &i in at {
        out.push_str(&text[from..i]);
        out.push_str(new);
        from = i + old.len();
    }
    out.push_str(&text[from..]);
    out
}

/// `text` with the one whole-identifier occurrence of `old` replaced.
fn replace_once(text: &str, old: &str, new: &str) -> Result<String> {
    let at = hits(text, old);
    ensure!(at.len() == 1, "found {} times, expected once", at.len());
    Ok(replace_at(text, &at, old, new))
}

/// `text` with every whole-identifier occurrence of `old` (at least one) replaced.
fn replace_all(text: &str, old: &str, new: &str) -> Result<String> {
    let at = hits(text, old);
    ensure!(!at.is_empty(), "not found");
    Ok(replace_at(text, &at, old, new))
}

fn uleb(mut n: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

fn encode_name(name: &str) -> Vec<u8> {
    let mut out = uleb(name.len() as u32);
    out.extend(name.as_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).context("wasm ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn uleb(&mut self) -> Result<u32> {
        let mut n: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return u32::try_from(n).context("LEB128 over 32 bits");
            }
        }
        bail!("LEB128 longer than 5 bytes")
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).context("size overflow")?;
        let s = self.bytes.get(self.at..end).context("wasm ends early")?;
        self.at = end;
        Ok(s)
    }

    fn name(&mut self) -> Result<&'a str> {
        let n = self.uleb()? as usize;
        std::str::from_utf8(self.take(n)?).context("import name is not UTF-8")
    }

    /// Skips an import's description: function, table, memory, global or tag.
    fn import_type(&mut self) -> Result<()> {
        match self.byte()? {
            0x00 => {
                self.uleb()?; // type index
            }
            0x01 => {
                self.byte()?; // reference type
                self.limits()?;
            }
            0x02 => self.limits()?,
            0x03 => {
                self.byte()?; // value type
                self.byte()?; // mutability
            }
            0x04 => {
                self.byte()?; // attribute
                self.uleb()?; // type index
            }
            kind => bail!("unknown import kind {kind:#x}"),
        }
        Ok(())
    }

    fn limits(&mut self) -> Result<()> {
        let flags = self.byte()?;
        self.uleb()?;
        if flags & 1 != 0 {
            self.uleb()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions from the glue and one from elsewhere.
    fn module(names: &[(&str, &str)]) -> Vec<u8> {
        let mut section = uleb(names.len() as u32);
        for (from, name) in names {
            section.extend(encode_name(from));
            section.extend(encode_name(name));
            section.extend([0x00, 0x00]); // function of type 0
        }
        let types = [0x01, 0x60, 0x00, 0x00]; // one type: [] -> []
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.push(1);
        wasm.extend(uleb(types.len() as u32));
        wasm.extend(types);
        wasm.push(2);
        wasm.extend(uleb(section.len() as u32));
        wasm.extend(section);
        wasm
    }

    #[test]
    fn renames_the_glue_imports_on_both_sides_and_nothing_else() {
        let wasm = module(&[
            ("./w_bg.js", "__wbg_abort_f8d1589eb0c65ee2"),
            ("other", "__wbg_abort_f8d1589eb0c65ee2"),
            ("./w_bg.js", "__wbg_call_0123456789abcdef"),
        ]);
        let glue = "{__wbg_abort_f8d1589eb0c65ee2:function(){x.__wbg_abort_f8d1589eb0c65ee2x},\
                    __wbg_call_0123456789abcdef:function(){}}";
        let (out, glue) = shorten(&wasm, glue, "./w_bg.js").unwrap();
        assert_eq!(
            out,
            module(&[
                ("./w_bg.js", "a"),
                ("other", "__wbg_abort_f8d1589eb0c65ee2"),
                ("./w_bg.js", "b")
            ])
        );
        assert_eq!(
            glue,
            "{a:function(){x.__wbg_abort_f8d1589eb0c65ee2x},b:function(){}}"
        );
    }

    /// `module` plus an export section (functions at index 0).
    fn with_exports(names: &[(&str, &str)], exports: &[&str]) -> Vec<u8> {
        let mut wasm = module(names);
        let mut section = uleb(exports.len() as u32);
        for name in exports {
            section.extend(encode_name(name));
            section.extend([0x00, 0x00]);
        }
        wasm.push(7);
        wasm.extend(uleb(section.len() as u32));
        wasm.extend(section);
        wasm
    }

    #[test]
    fn glue_only_exports_are_renamed_everywhere_the_glue_calls_them() {
        let imports = [("./w_bg.js", "__wbg_f_1")];
        let wasm = with_exports(&imports, &["mount", "__wbindgen_malloc", "memory"]);
        let glue = "{__wbg_f_1:1};c.__wbindgen_malloc(1);c.__wbindgen_malloc(2);c.mount();";
        let (out, glue) = shorten(&wasm, glue, "./w_bg.js").unwrap();
        assert_eq!(
            out,
            with_exports(&[("./w_bg.js", "a")], &["mount", "_a", "memory"])
        );
        assert_eq!(glue, "{a:1};c._a(1);c._a(2);c.mount();");
    }

    #[test]
    fn a_name_the_glue_lacks_or_repeats_fails_the_build() {
        let wasm = module(&[("./w_bg.js", "__wbg_f_1")]);
        assert!(shorten(&wasm, "{}", "./w_bg.js").is_err());
        assert!(shorten(&wasm, "{__wbg_f_1:1,__wbg_f_1:2}", "./w_bg.js").is_err());
    }

    #[test]
    fn short_names_are_distinct() {
        let names: std::collections::HashSet<String> = (0..10_000).map(short_name).collect();
        assert_eq!(names.len(), 10_000);
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(52), "aa");
    }
}
