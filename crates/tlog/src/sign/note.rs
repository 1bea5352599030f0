//! Signing notes (c2sp.org/signed-note, Ed25519, type 0x01) and cosigning
//! checkpoints (c2sp.org/tlog-cosignature, `cosignature/v1`, type 0x04).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::hash::Hash;
use crate::vkey::{SigType, VerifierKey};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey};

/// A checkpoint's note text (c2sp.org/tlog-checkpoint): origin, size, root.
pub fn checkpoint_text(origin: &str, size: u64, root: &Hash) -> String {
    format!("{origin}\n{size}\n{}\n", B64.encode(root))
}

/// A named Ed25519 key and the signature type it signs as.
struct NamedKey {
    name: String,
    kind: SigType,
    key: SigningKey,
}

impl NamedKey {
    /// None when `name` is not a valid key name (empty, spaces, `+`).
    fn new(name: &str, kind: SigType, seed: &[u8; 32]) -> Option<NamedKey> {
        crate::note::is_key_name(name).then(|| NamedKey {
            name: name.into(),
            kind,
            key: SigningKey::from_bytes(seed),
        })
    }

    fn key_id(&self) -> [u8; 4] {
        crate::vkey::key_id(&self.name, self.kind, self.key.verifying_key().as_bytes())
            .to_be_bytes()
    }

    /// `<name>+<key id>+<base64(type || key)>`.
    fn vkey(&self) -> String {
        VerifierKey::new(&self.name, self.kind, self.key.verifying_key().as_bytes())
            .expect("a valid name and a key from a seed")
            .to_string()
    }

    /// `— <name> base64(key id || signature bytes)\n`.
    fn line(&self, signature: &[u8]) -> String {
        let mut raw = Vec::with_capacity(4 + signature.len());
        raw.extend_from_slice(&self.key_id());
        raw.extend_from_slice(signature);
        format!("\u{2014} {} {}\n", self.name, B64.encode(raw))
    }
}

/// A log's note signer: Ed25519 over the note text (type 0x01).
pub struct NoteSigner(NamedKey);

impl NoteSigner {
    /// None when `name` is not a valid key name (empty, spaces, `+`).
    pub fn new(name: &str, seed: &[u8; 32]) -> Option<NoteSigner> {
        NamedKey::new(name, SigType::Ed25519, seed).map(NoteSigner)
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// `<name>+<key id>+<base64(0x01 || key)>`.
    pub fn vkey(&self) -> String {
        self.0.vkey()
    }

    /// The signature line for `text` (which ends in a newline): `— name sig\n`.
    pub fn sign_line(&self, text: &str) -> String {
        self.0.line(&self.0.key.sign(text.as_bytes()).to_bytes())
    }

    /// The whole signed note: text, blank line, this signature.
    pub fn sign(&self, text: &str) -> String {
        format!("{text}\n{}", self.sign_line(text))
    }
}

/// A witness's cosigner: timestamped Ed25519 over `cosignature/v1`, `time T`
/// and the checkpoint's note text (type 0x04).
pub struct Cosigner(NamedKey);

impl Cosigner {
    pub fn new(name: &str, seed: &[u8; 32]) -> Option<Cosigner> {
        NamedKey::new(name, SigType::Cosignature, seed).map(Cosigner)
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// `<name>+<key id>+<base64(0x04 || key)>`.
    pub fn vkey(&self) -> String {
        self.0.vkey()
    }

    /// The cosignature line on a checkpoint's note text at Unix time `timestamp`.
    pub fn cosign_line(&self, checkpoint_text: &str, timestamp: u64) -> String {
        let msg = crate::cosignature::message(timestamp, checkpoint_text);
        let mut raw = Vec::with_capacity(72);
        raw.extend_from_slice(&timestamp.to_be_bytes());
        raw.extend_from_slice(&self.0.key.sign(&msg).to_bytes());
        self.0.line(&raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};

    #[test]
    fn signed_note_example_key_id() {
        // c2sp.org/signed-note's example vkey: its key id is SHA-256 over the
        // name, newline, 0x01 and the key, as computed here.
        let material = B64
            .decode("AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
            .unwrap();
        let public: [u8; 32] = material[1..].try_into().unwrap();
        let id = crate::vkey::key_id("example.com/foo", SigType::Ed25519, &public);
        let key = VerifierKey::new("example.com/foo", SigType::Ed25519, &public).unwrap();
        assert_eq!(
            key.to_string(),
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
        );
        // And the spec's note verifies under that key with the same framing.
        let sig = B64
            .decode("Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=")
            .unwrap();
        assert_eq!(sig[..4], id.to_be_bytes());
        let vk = VerifyingKey::from_bytes(&public).unwrap();
        let s = Signature::from_slice(&sig[4..]).unwrap();
        vk.verify(b"This is an example message.\n", &s).unwrap();
    }

    #[test]
    fn cosignature_signs_the_v1_message() {
        let c = Cosigner::new("witness.example/w1", &[7; 32]).unwrap();
        let text = checkpoint_text("log.example/x", 3, &[9; 32]);
        let line = c.cosign_line(&text, 1_700_000_000);
        let b = line.trim_end().rsplit(' ').next().unwrap();
        let raw = B64.decode(b).unwrap();
        assert_eq!(raw.len(), 4 + 8 + 64);
        assert_eq!(
            u64::from_be_bytes(raw[4..12].try_into().unwrap()),
            1_700_000_000
        );
        let msg = format!("cosignature/v1\ntime 1700000000\n{text}");
        let vk = SigningKey::from_bytes(&[7; 32]).verifying_key();
        vk.verify(msg.as_bytes(), &Signature::from_slice(&raw[12..]).unwrap())
            .unwrap();
        assert!(c.vkey().starts_with("witness.example/w1+"));
        assert!(NoteSigner::new("bad name", &[1; 32]).is_none());
        assert!(NoteSigner::new("a+b", &[1; 32]).is_none());
    }
}
