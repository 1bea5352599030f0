//! Transparency logs in their C2SP form, verify side: RFC 6962 hashing
//! (`hash`), inclusion and consistency proofs (`proof`), tile and entry-bundle
//! paths (`tile`), signed notes (`note`), verifier keys (`vkey`), checkpoints
//! (`checkpoint`), cosignatures (`cosignature`) and the k-of-n witness policy
//! (`policy`). `no_std` + `alloc`, so the widget links it into its wasm.
//!
//! Specifications: c2sp.org/tlog-tiles, c2sp.org/tlog-checkpoint,
//! c2sp.org/signed-note, c2sp.org/tlog-cosignature, c2sp.org/tlog-witness.
//! The `sign` feature (tree building, tiles, signing) is the collector's; the
//! widget never enables it.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;

pub mod checkpoint;
pub mod cosignature;
mod error;
pub mod hash;
pub mod heads;
pub mod note;
pub mod policy;
pub mod proof;
pub mod prove;
#[cfg(feature = "sign")]
pub mod sign;
pub mod tile;
pub mod tiled;
pub mod vkey;

pub use checkpoint::Checkpoint;
pub use error::Error;
pub use hash::{empty_root, leaf_hash, node_hash, Hash};
pub use note::{Note, NoteSignature};
pub use policy::{verify_checkpoint, Freshness, VerifiedCheckpoint, WitnessPolicy};
pub use proof::{verify_consistency, verify_inclusion};
pub use tile::TileId;
pub use vkey::{SigType, VerifierKey};
