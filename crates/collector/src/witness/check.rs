//! One `add-checkpoint` request (c2sp.org/tlog-witness), checked in the order
//! the specification gives its answers: 400 for a body that is not `old N`,
//! proof lines, a blank line and a signed note; 404 for an unknown origin; 403
//! without a valid signature by the log's key; 400 for an old size above the
//! checkpoint's; 409 (with our size) when the old size is not the one we last
//! cosigned; 422 when the tree is not consistent with what we cosigned.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use trust_tlog::{empty_root, verify_consistency, Checkpoint, Hash, Note, VerifierKey};

/// At most this many proof lines (the specification's limit).
pub const MAX_PROOF_LINES: usize = 63;

/// A parsed request: the old size, the proof, the note and its checkpoint.
#[derive(Debug)]
pub struct Request {
    pub old: u64,
    pub proof: Vec<Hash>,
    pub note: Note,
    pub checkpoint: Checkpoint,
    /// The note as received (stored with our cosignature).
    pub note_text: String,
}

/// Why a request is refused: the status and a one-line reason.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    BadRequest(String),
    UnknownLog,
    Forbidden(String),
    /// The size we last cosigned.
    Conflict(u64),
    Unprocessable(String),
}

fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// Reads the body's framing (nothing is verified yet).
pub fn parse(body: &[u8]) -> Result<Request, Refusal> {
    let bad = |why: &str| Refusal::BadRequest(why.to_string());
    let text = std::str::from_utf8(body).map_err(|_| bad("the body is not UTF-8"))?;
    let (old_line, mut rest) = text
        .split_once('\n')
        .ok_or_else(|| bad("no old size line"))?;
    let old = old_line
        .strip_prefix("old ")
        .and_then(decimal)
        .ok_or_else(|| bad("the first line is not `old <size>`"))?;
    let mut proof = Vec::new();
    loop {
        let (line, after) = rest
            .split_once('\n')
            .ok_or_else(|| bad("no blank line before the checkpoint"))?;
        rest = after;
        if line.is_empty() {
            break;
        }
        if proof.len() == MAX_PROOF_LINES {
            return Err(bad("more than 63 consistency proof lines"));
        }
        let hash: Hash = B64
            .decode(line)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| bad("a proof line is not a base64 SHA-256 hash"))?;
        proof.push(hash);
    }
    let note = Note::parse(rest.as_bytes()).map_err(|e| bad(&format!("checkpoint note: {e}")))?;
    let checkpoint = Checkpoint::parse(note.text()).map_err(|e| {
        // The specification answers a size-0 checkpoint with another root 422,
        // a request that is well framed but not a tree head it can accept.
        if note.text().split('\n').nth(1) == Some("0") {
            Refusal::Unprocessable(format!("{e}"))
        } else {
            bad(&format!("{e}"))
        }
    })?;
    Ok(Request {
        old,
        proof,
        note,
        checkpoint,
        note_text: rest.to_string(),
    })
}

/// The log's signature on the note: at least one line by its key, and every
/// line by its key valid (signatures by other keys are ignored).
pub fn check_signature(req: &Request, log_key: &VerifierKey) -> Result<(), Refusal> {
    let mut signed = false;
    for sig in req.note.signatures() {
        if log_key.matches(&sig.name, sig.key_id) {
            if !log_key.verify(req.note.text().as_bytes(), &sig.signature) {
                return Err(Refusal::Forbidden(
                    "a signature by the log's key does not verify".into(),
                ));
            }
            signed = true;
        }
    }
    if signed {
        Ok(())
    } else {
        Err(Refusal::Forbidden("no signature by the log's key".into()))
    }
}

/// Consistency with what we last cosigned (`latest`: size and root, None before
/// the first); on success the request may be cosigned.
pub fn check_consistency(req: &Request, latest: Option<(u64, Hash)>) -> Result<(), Refusal> {
    let cp = &req.checkpoint;
    if req.old > cp.size {
        return Err(Refusal::BadRequest(format!(
            "old size {} is above the checkpoint's {}",
            req.old, cp.size
        )));
    }
    let (size, root) = latest.unwrap_or((0, empty_root()));
    if req.old != size {
        return Err(Refusal::Conflict(size));
    }
    if cp.size == 0 && cp.root != empty_root() {
        return Err(Refusal::Unprocessable(
            "a tree of size 0 must have the empty root".into(),
        ));
    }
    if req.old == 0 {
        if !req.proof.is_empty() {
            return Err(Refusal::Unprocessable(
                "a proof from size 0 must be empty".into(),
            ));
        }
        return Ok(());
    }
    if req.old == cp.size {
        return if root == cp.root && req.proof.is_empty() {
            Ok(())
        } else {
            Err(Refusal::Unprocessable(
                "same size as the checkpoint we cosigned, different root".into(),
            ))
        };
    }
    verify_consistency(req.old, cp.size, &root, &cp.root, &req.proof)
        .map_err(|e| Refusal::Unprocessable(format!("{e}")))
}
