//! The writing side of a log (the `sign` feature; the widget never enables it):
//! the tree's right edge as it grows (`tree`), entry bundles, and note signing
//! and cosigning (`note`), and a whole log at once for tests and fixtures (`dir`). Proofs from tiles are `crate::prove` (the verify side
//! needs them too), re-exported here.
//!
//! The hashes a log stores are its tiles (c2sp.org/tlog-tiles): a tile at level
//! L holds 256 consecutive hashes at tree height 8·L, so every complete subtree's
//! hash is a tile's slice hashed up at most 7 levels. Nothing else is stored: the
//! right edge (one partial tile per level) gives the root, the tiles give proofs.

mod dir;
mod note;
mod tree;

pub use crate::prove::{
    batch_proof, consistency_proof, inclusion_proof, root_at, subtree_hash, tiles_for_leaves,
    TileReader, Tiles,
};
pub use dir::TiledLog;
pub use note::{checkpoint_text, Cosigner, NoteSigner};
pub use tree::{bundle, RightEdge, TileWrite};
