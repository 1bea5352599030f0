//! The one error type of the crate, flat: every way a log artefact is refused.

use alloc::string::String;

/// Why a note, key, checkpoint, proof or tile was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A signed note does not follow c2sp.org/signed-note (framing, characters,
    /// signature lines).
    #[error("malformed note: {0}")]
    MalformedNote(&'static str),
    /// A verifier key string is not `<name>+<hex key id>+<base64(type || key)>`,
    /// or its key id does not match its name and key.
    #[error("bad verifier key: {0}")]
    BadKey(&'static str),
    /// An Ed25519 public key is a small-order (weak) point.
    #[error("weak (small-order) public key")]
    WeakKey,
    /// The note text is not a checkpoint (origin, size, root hash lines).
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
    /// The checkpoint's origin is not the log's.
    #[error("checkpoint origin {found:?} is not the log's {expected:?}")]
    WrongOrigin { expected: String, found: String },
    /// No signature line is by the log's key.
    #[error("no signature by the log's key")]
    UnknownKey,
    /// A signature line by a known key (name and key id match) does not verify.
    #[error("signature by {0} does not verify")]
    SignatureInvalid(String),
    /// Fewer than k of the configured witnesses cosigned the checkpoint.
    #[error("{found} of the required {required} witness cosignatures")]
    MissingCosignatures { required: usize, found: usize },
    /// The cosignatures are too old (or from the future) for the policy's window.
    #[error("checkpoint is stale: {0}")]
    Stale(String),
    /// An inclusion proof does not lead from the leaf to the checkpoint's root.
    #[error("inclusion proof does not verify")]
    InclusionInvalid,
    /// Two tree heads are not consistent: the log forked or rewrote history.
    #[error("log is inconsistent: {0}")]
    Inconsistent(String),
    /// A tile or entry bundle path, or a tile's bytes, is not what tlog-tiles says.
    #[error("bad tile: {0}")]
    BadTile(String),
    /// The input exceeds a size or count limit.
    #[error("too large: {0}")]
    TooLarge(&'static str),
}
