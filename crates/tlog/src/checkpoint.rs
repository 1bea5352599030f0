//! Checkpoints (c2sp.org/tlog-checkpoint): the note text `origin\nsize\nroot\n`
//! with optional non-empty extension lines. One spelling only: the size in
//! decimal without leading zeroes, the root in standard padded base64 of 32
//! bytes, and the empty tree's root for size 0.

use crate::error::Error;
use crate::hash::{empty_root, Hash};
use crate::tile::decimal;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine;

/// A tree head: the log's origin, its size and its root hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// Reads a checkpoint from a note's text (final newline included).
    pub fn parse(text: &str) -> Result<Checkpoint, Error> {
        let body = text
            .strip_suffix('\n')
            .ok_or(Error::MalformedCheckpoint("text must end in a newline"))?;
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        if origin.is_empty() {
            return Err(Error::MalformedCheckpoint("empty origin"));
        }
        let size = lines
            .next()
            .and_then(decimal)
            .ok_or(Error::MalformedCheckpoint(
                "tree size is not a decimal without leading zeroes",
            ))?;
        let root = lines
            .next()
            .and_then(parse_hash)
            .ok_or(Error::MalformedCheckpoint(
                "root hash is not base64 of 32 bytes",
            ))?;
        let extensions: Vec<String> = lines.map(String::from).collect();
        if extensions.iter().any(String::is_empty) {
            return Err(Error::MalformedCheckpoint("empty extension line"));
        }
        if size == 0 && root != empty_root() {
            return Err(Error::MalformedCheckpoint(
                "size 0 with a root other than the empty tree's",
            ));
        }
        Ok(Checkpoint {
            origin: String::from(origin),
            size,
            root,
            extensions,
        })
    }

    /// The note text: `origin\nsize\nbase64(root)\n` and the extension lines.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            encode_hash(&self.root)
        );
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }
}

/// Standard padded base64 of 32 bytes.
pub fn parse_hash(s: &str) -> Option<Hash> {
    let raw = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
    raw.try_into().ok()
}

/// A hash in standard padded base64, as checkpoints and witness requests write it.
pub fn encode_hash(h: &Hash) -> String {
    base64::engine::general_purpose::STANDARD.encode(h)
}
