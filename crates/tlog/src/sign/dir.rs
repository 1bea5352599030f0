//! A whole tiled log at once, as c2sp.org/tlog-tiles lays it out: every hash
//! tile (full ones, and the right edge's partial ones), the entry bundles in
//! chunks of 256, and the checkpoint signed by the log and cosigned. For tests,
//! fixtures and mirrors (`trustctl audit`'s tests, the page tests' log cases);
//! the collector grows its log incrementally instead (`RightEdge`).

extern crate std;

use alloc::string::String;
use alloc::vec::Vec;

use super::{bundle, checkpoint_text, Cosigner, NoteSigner, RightEdge, Tiles};
use crate::hash::{leaf_hash, Hash};
use crate::tile::{TileId, TILE_WIDTH};

/// A log of given entries: its head, its tiles (to prove from) and its files.
#[derive(Debug, Clone)]
pub struct TiledLog {
    pub size: u64,
    pub root: Hash,
    /// Every hash tile, for `inclusion_proof` and friends.
    pub tiles: Tiles,
    /// Every file but the checkpoint: hash tiles, then entry bundles.
    pub files: Vec<(TileId, Vec<u8>)>,
}

impl TiledLog {
    /// The log whose leaves are `entries`, in order.
    pub fn build<E: AsRef<[u8]>>(entries: &[E]) -> TiledLog {
        let hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e.as_ref())).collect();
        let mut edge = RightEdge::new();
        let mut tiles = Tiles::new();
        let mut files = Vec::new();
        for w in edge.append(&hashes) {
            let hashes = w
                .data
                .chunks(32)
                .map(|c| c.try_into().expect("tiles are whole hashes"))
                .collect();
            tiles.insert(w.id.level.unwrap_or(0), w.id.index, hashes);
            files.push((w.id, w.data));
        }
        for (i, chunk) in entries.chunks(TILE_WIDTH as usize).enumerate() {
            let id = TileId {
                level: None,
                index: i as u64,
                width: chunk.len() as u16,
            };
            files.push((id, bundle(chunk.iter().map(AsRef::as_ref))));
        }
        TiledLog {
            size: entries.len() as u64,
            root: edge.root(),
            tiles,
            files,
        }
    }

    /// The checkpoint note for this head: signed by `log`, cosigned by each of
    /// `witnesses` at `time` (seconds since the epoch).
    pub fn note(&self, log: &NoteSigner, witnesses: &[Cosigner], time: u64) -> String {
        let text = checkpoint_text(log.name(), self.size, &self.root);
        let mut note = log.sign(&text);
        for w in witnesses {
            note.push_str(&w.cosign_line(&text, time));
        }
        note
    }

    /// Writes every file under `dir` (the log's URL prefix), and `note` as
    /// `dir/checkpoint`.
    pub fn write_dir(&self, dir: &std::path::Path, note: &str) -> std::io::Result<()> {
        for (id, data) in &self.files {
            let path = dir.join(id.path());
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, data)?;
        }
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("checkpoint"), note)
    }
}
