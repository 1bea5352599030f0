//! Tile and entry-bundle paths and contents (c2sp.org/tlog-tiles): tiles are
//! `tile/<L>/<N>[.p/<W>]`, entry bundles `tile/entries/<N>[.p/<W>]`, `<N>` in
//! zero-padded 3-digit elements, all but the last prefixed with `x`
//! (1234067 → `x001/x234/067`). A full tile holds 256 hashes (8,192 bytes).

use crate::error::Error;
use crate::hash::{leaf_hash, Hash};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Hashes (or entries) in a full tile.
pub const TILE_WIDTH: u64 = 256;
/// Highest tile level tlog-tiles allows.
pub const MAX_LEVEL: u8 = 63;

/// One tile: `level` 0..=63 for hash tiles, `None` for an entry bundle; `index`
/// within its level; `width` 1..=256 (256 is a full tile, below is partial).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TileId {
    pub level: Option<u8>,
    pub index: u64,
    pub width: u16,
}

impl TileId {
    /// The path under the log's prefix, e.g. `tile/1/x001/234.p/17` or
    /// `tile/entries/000`.
    pub fn path(&self) -> String {
        let mut p = String::from("tile/");
        match self.level {
            Some(l) => push_decimal(&mut p, u64::from(l), 1),
            None => p.push_str("entries"),
        }
        p.push('/');
        p.push_str(&encode_index(self.index));
        if u64::from(self.width) < TILE_WIDTH {
            p.push_str(".p/");
            push_decimal(&mut p, u64::from(self.width), 1);
        }
        p
    }

    /// Reads a path written by [`TileId::path`] (with or without a leading
    /// `/`), refusing every other spelling: leading zeroes in a level or width,
    /// a width of 0 or over 255 after `.p/`, `x` on the last element.
    pub fn parse(path: &str) -> Result<TileId, Error> {
        let bad = || Error::BadTile(format!("not a tile path: {path:?}"));
        let rest = path.strip_prefix('/').unwrap_or(path);
        let rest = rest.strip_prefix("tile/").ok_or_else(bad)?;
        let (level_str, rest) = rest.split_once('/').ok_or_else(bad)?;
        let level = if level_str == "entries" {
            None
        } else {
            let l = decimal(level_str).ok_or_else(bad)?;
            if l > u64::from(MAX_LEVEL) {
                return Err(bad());
            }
            Some(l as u8)
        };
        let (index_str, width) = match rest.split_once(".p/") {
            Some((i, w)) => {
                let w = decimal(w).ok_or_else(bad)?;
                if w == 0 || w >= TILE_WIDTH {
                    return Err(bad());
                }
                (i, w as u16)
            }
            None => (rest, TILE_WIDTH as u16),
        };
        let index = decode_index(index_str).ok_or_else(bad)?;
        Ok(TileId {
            level,
            index,
            width,
        })
    }

    /// Whether this is a partial tile.
    pub fn is_partial(&self) -> bool {
        u64::from(self.width) < TILE_WIDTH
    }
}

/// Every tile (hash tiles at each level, and the entry bundles) a tree of `size`
/// leaves consists of, full tiles first within a level, then the partial one.
pub fn tiles_for_size(size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    let mut level: u8 = 0;
    let mut count = size; // hashes at this tile level
    while count > 0 {
        let full = count / TILE_WIDTH;
        let partial = (count % TILE_WIDTH) as u16;
        for index in 0..full {
            out.push(TileId {
                level: Some(level),
                index,
                width: TILE_WIDTH as u16,
            });
        }
        if partial > 0 {
            out.push(TileId {
                level: Some(level),
                index: full,
                width: partial,
            });
        }
        count = full;
        level += 1;
    }
    let full = size / TILE_WIDTH;
    for index in 0..full {
        out.push(TileId {
            level: None,
            index,
            width: TILE_WIDTH as u16,
        });
    }
    if size % TILE_WIDTH > 0 {
        out.push(TileId {
            level: None,
            index: full,
            width: (size % TILE_WIDTH) as u16,
        });
    }
    out
}

/// A hash tile's bytes as its hashes: exactly `width` × 32 bytes.
pub fn tile_hashes(id: &TileId, bytes: &[u8]) -> Result<Vec<Hash>, Error> {
    if bytes.len() != usize::from(id.width) * 32 {
        return Err(Error::BadTile(format!(
            "{}: {} bytes, {} expected",
            id.path(),
            bytes.len(),
            usize::from(id.width) * 32
        )));
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut h = [0u8; 32];
            h.copy_from_slice(c);
            h
        })
        .collect())
}

/// An entry bundle's entries: big-endian u16 length-prefixed, exactly `width` of
/// them and nothing after.
pub fn bundle_entries<'a>(id: &TileId, bytes: &'a [u8]) -> Result<Vec<&'a [u8]>, Error> {
    let mut out = Vec::with_capacity(usize::from(id.width));
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.len() < 2 {
            return Err(Error::BadTile(format!("{}: truncated length", id.path())));
        }
        let len = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        if rest.len() < 2 + len {
            return Err(Error::BadTile(format!("{}: truncated entry", id.path())));
        }
        out.push(&rest[2..2 + len]);
        rest = &rest[2 + len..];
    }
    if out.len() != usize::from(id.width) {
        return Err(Error::BadTile(format!(
            "{}: {} entries, {} expected",
            id.path(),
            out.len(),
            id.width
        )));
    }
    Ok(out)
}

/// The leaf hashes of an entry bundle's entries (what its level-0 tile holds).
pub fn bundle_leaf_hashes(id: &TileId, bytes: &[u8]) -> Result<Vec<Hash>, Error> {
    Ok(bundle_entries(id, bytes)?
        .iter()
        .map(|e| leaf_hash(e))
        .collect())
}

fn encode_index(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        parts.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut s = String::new();
    for (i, part) in parts.iter().rev().enumerate() {
        if i > 0 {
            s.push('/');
        }
        if i + 1 < parts.len() {
            s.push('x');
        }
        push_decimal(&mut s, *part, 3);
    }
    s
}

fn decode_index(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split('/').collect();
    let mut n: u64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let digits = if last { *part } else { part.strip_prefix('x')? };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // A leading all-zero element would be a second spelling of the index.
        if i == 0 && !last && digits == "000" {
            return None;
        }
        n = n.checked_mul(1000)?.checked_add(digits.parse().ok()?)?;
    }
    Some(n)
}

/// Appends `n` in decimal, zero-padded to `digits`. By hand rather than with
/// `format!`: the widget links this crate, and core's padded integer
/// formatting for u64 costs more wasm than these lines.
pub fn push_decimal(s: &mut String, n: u64, digits: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut n = n;
    while n > 0 || i > buf.len() - digits.clamp(1, 20) {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    buf[i..].iter().for_each(|&b| s.push(char::from(b)));
}

/// ASCII decimal, no sign, no leading zeroes (except `0` itself).
pub(crate) fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}
