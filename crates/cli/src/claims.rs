//! Which embedded attestations count, for `lint`, `report` and `sign --report`:
//! the library's one rule (`trust_manifest::open_statement`: trusted attester,
//! bound to the brand's root, fresh, right kind and version), given the brand's
//! roots and the trust list, so these commands count exactly what the widget
//! would show. Without a trust list no attestation counts, as in the widget.

use std::path::PathBuf;

use anyhow::Result;
use trust_manifest::{
    check_content, open_statement, AttestationKind, Envelope, Error, PublicKey, Statement,
    StatementContext, Timestamp, TrustList, ATTESTATION_PAYLOAD_TYPE,
};

use crate::io;

/// The options that say whose attestations count.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClaimArgs {
    // The brand's key-set root that statements must be bound to: a .pub file or
    // "ed25519:<base64>" (repeatable: every root of the brand's key-set chain).
    /// Brand root statements are bound to (repeatable)
    #[arg(long, value_name = "ROOT")]
    pub root: Vec<String>,
    // Without a trust list no attestation counts, as in a widget without
    // data-attesters.
    /// Trusted attesters (attesters.json)
    #[arg(long, value_name = "FILE")]
    pub trust: Option<PathBuf>,
}

impl ClaimArgs {
    /// Reads the roots and the trust list (an unreadable file is an I/O error).
    pub fn load(&self, now: Timestamp) -> Result<ClaimCheck> {
        let roots = self
            .root
            .iter()
            .map(|k| io::read_public_key(k))
            .collect::<Result<_>>()?;
        let trust = match &self.trust {
            Some(path) => Some(TrustList::from_json(&io::read_input(path)?).map_err(|e| {
                anyhow::anyhow!("{} is not a usable attesters.json: {e}", path.display())
            })?),
            None => None,
        };
        Ok(ClaimCheck { roots, trust, now })
    }
}

/// The brand's roots, the trust list and the time attestations are judged at.
#[derive(Debug, Clone)]
pub struct ClaimCheck {
    pub roots: Vec<PublicKey>,
    pub trust: Option<TrustList>,
    pub now: Timestamp,
}

impl ClaimCheck {
    /// The statement, when a verifier configured like this would show it. The
    /// content is checked first even without a trust list, so a statement bound to
    /// another brand or expired says so rather than only "no trust list".
    pub fn open(&self, envelope: &Envelope, kind: AttestationKind) -> Result<Statement, Error> {
        let empty = TrustList::empty();
        let cx = StatementContext {
            roots: &self.roots,
            trust: self.trust.as_ref().unwrap_or(&empty),
            now: self.now,
        };
        let statement = unverified(envelope)?;
        if self.roots.is_empty() {
            return Err(Error::WrongSubject(String::from(
                "no brand root given (--root): a statement counts only where it is bound to one",
            )));
        }
        check_content(&statement, kind, &cx)?;
        match &self.trust {
            Some(_) => open_statement(envelope, kind, &cx).map(|(s, _)| s),
            None => Err(Error::UntrustedAttester),
        }
    }
}

/// A statement's payload, read without checking its signature.
fn unverified(envelope: &Envelope) -> Result<Statement, Error> {
    if envelope.payload_type != ATTESTATION_PAYLOAD_TYPE {
        return Err(Error::PayloadType {
            expected: ATTESTATION_PAYLOAD_TYPE,
            found: envelope.payload_type.clone(),
        });
    }
    let payload = trust_manifest::decode_base64(&envelope.payload)
        .map_err(|_| Error::BadEncoding("payload"))?;
    trust_manifest::json::from_slice(&payload)
}
