//! Signed notes (c2sp.org/signed-note): a text ending in a newline, a blank
//! line, then signature lines `— <key name> base64(key id || signature)`. Parsing
//! only frames the note; nothing in the text means anything until a trusted
//! key's signature over it verified (`policy.rs`).

use crate::error::Error;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine;

/// Largest note read (the checkpoint and its cosignatures are a few hundred
/// bytes; post-quantum signatures are up to ~5 KB each).
pub const MAX_NOTE_BYTES: usize = 128 * 1024;
/// Most signature lines read; the specification asks verifiers to accept 16.
pub const MAX_SIGNATURES: usize = 64;

/// A note, framed: its text (with the final newline) and its signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<NoteSignature>,
}

/// One signature line: key name, key id and the signature bytes after the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    pub signature: Vec<u8>,
}

impl Note {
    /// Frames `bytes` as a signed note: valid UTF-8, no control characters but
    /// newline, text separated from at least one signature line by the last
    /// blank line, every signature line well formed.
    pub fn parse(bytes: &[u8]) -> Result<Note, Error> {
        if bytes.len() > MAX_NOTE_BYTES {
            return Err(Error::TooLarge("note"));
        }
        let s = core::str::from_utf8(bytes).map_err(|_| Error::MalformedNote("not UTF-8"))?;
        if s.chars().any(|c| (c < ' ' && c != '\n') || c == '\u{7f}') {
            return Err(Error::MalformedNote("control character"));
        }
        // A byte search: `rfind` with a string pattern links core's reverse
        // two-way searcher into the widget's wasm for this one call.
        let split = bytes
            .windows(2)
            .rposition(|w| w == b"\n\n")
            .ok_or(Error::MalformedNote("no blank line before the signatures"))?;
        let (text, sigs) = (&s[..split + 1], &s[split + 2..]);
        if sigs.is_empty() || !sigs.ends_with('\n') {
            return Err(Error::MalformedNote("signatures must end in a newline"));
        }
        let mut signatures = Vec::new();
        for line in sigs[..sigs.len() - 1].split('\n') {
            if signatures.len() == MAX_SIGNATURES {
                return Err(Error::TooLarge("signature lines"));
            }
            signatures.push(NoteSignature::parse(line)?);
        }
        Ok(Note {
            text: String::from(text),
            signatures,
        })
    }

    /// The signed text, final newline included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The signature lines, in order.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// The note as bytes: text, blank line, signature lines.
    pub fn to_text(&self) -> String {
        let mut s = self.text.clone();
        s.push('\n');
        for sig in &self.signatures {
            s.push_str(&sig.line());
            s.push('\n');
        }
        s
    }

    /// A note made of `text` and `signatures` (used by signers and tests that
    /// add or drop lines); `text` must end in a newline.
    pub fn new(text: &str, signatures: Vec<NoteSignature>) -> Result<Note, Error> {
        if !text.ends_with('\n') || signatures.is_empty() {
            return Err(Error::MalformedNote(
                "text must end in a newline, one signature at least",
            ));
        }
        Note::parse(
            Note {
                text: String::from(text),
                signatures,
            }
            .to_text()
            .as_bytes(),
        )
    }
}

impl NoteSignature {
    fn parse(line: &str) -> Result<NoteSignature, Error> {
        let rest = line.strip_prefix("\u{2014} ").ok_or(Error::MalformedNote(
            "signature line must start with an em dash and a space",
        ))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or(Error::MalformedNote("signature line without a signature"))?;
        if !is_key_name(name) {
            return Err(Error::MalformedNote("bad key name"));
        }
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .map_err(|_| Error::MalformedNote("signature is not base64"))?;
        if raw.len() < 5 {
            return Err(Error::MalformedNote("signature too short"));
        }
        Ok(NoteSignature {
            name: String::from(name),
            key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
            signature: raw[4..].to_vec(),
        })
    }

    /// `— <name> base64(key id || signature)`, without the newline.
    pub fn line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.signature);
        let mut s = String::from("\u{2014} ");
        s.push_str(&self.name);
        s.push(' ');
        s.push_str(&base64::engine::general_purpose::STANDARD.encode(raw));
        s
    }
}

/// Key names are non-empty and contain no Unicode space and no `+`.
pub fn is_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}
