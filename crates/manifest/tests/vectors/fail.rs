//! The `fail_*` vectors of the envelope, the signature and the keys, the clock,
//! the size limits and the payload.

use serde_json::{json, Value};
use trust_manifest::{
    decode_base64, encode_base64, sha256_hex, sign_envelope, Envelope, ATTESTATION_PAYLOAD_TYPE,
    MANIFEST_PAYLOAD_TYPE,
};

use super::fixtures::*;
// The vectors' `signed` (a value), not the shared one (bytes).
use super::fixtures::signed;
use super::format::*;
use super::support::*;

pub fn vectors(add: &mut impl FnMut(&str, Vector)) {
    let base = signed(&manifest());
    let base_envelope: Envelope = serde_json::from_value(base.clone()).unwrap();
    {
        let mut payload = decode_base64(&base_envelope.payload).unwrap();
        let at = find(&payload, b"Northwind Test") + 1;
        payload[at] ^= 0x01; // "Northwind" -> "Nnrthwind": still valid JSON
        let mut e = base.clone();
        e["payload"] = json!(encode_base64(&payload));
        add(
            "fail_flipped_payload_byte",
            vector(
                "One bit of the payload flipped (in the brand name, so it is still valid JSON) \
                 after signing.",
                "signature-invalid",
                e,
            ),
        );
    }
    {
        let mut sig = decode_base64(&base_envelope.signatures[0].sig).unwrap();
        sig[5] ^= 0x80;
        let mut e = base.clone();
        e["signatures"][0]["sig"] = json!(encode_base64(&sig));
        add(
            "fail_flipped_signature_byte",
            vector(
                "One bit of the signature (in R) flipped.",
                "signature-invalid",
                e,
            ),
        );
    }
    {
        let mut sig = decode_base64(&base_envelope.signatures[0].sig).unwrap();
        let s = add_le(&sig[32..], &L);
        assert_eq!(s[31] & 0xe0, 0, "passes the legacy high-bits check");
        sig[32..].copy_from_slice(&s);
        let mut e = base.clone();
        e["signatures"][0]["sig"] = json!(encode_base64(&sig));
        add(
            "fail_non_canonical_signature",
            vector(
                "pass_basic's signature with S replaced by S + L (L the Ed25519 group order, \
                 256-bit little-endian addition). It is the same signature modulo L and its top \
                 three bits are clear, so a verifier that reduces S or only checks those bits \
                 accepts it; strict verification requires S < L.",
                "signature-invalid",
                e,
            ),
        );
    }
    {
        let mut e = base.clone();
        e["payloadType"] = json!(ATTESTATION_PAYLOAD_TYPE);
        add(
            "fail_swapped_payload_type",
            vector(
                "payloadType changed to the attestation type: the signature binds the type (PAE), \
                 and the verifier expects the manifest type.",
                "payload-type",
                e,
            ),
        );
    }
    add(
        "fail_other_key",
        vector(
            "A valid signature, but by another key than the trusted brand key.",
            "unknown-key",
            serde_json::to_value(envelope(&manifest(), &[OTHER_BRAND])).unwrap(),
        ),
    );
    {
        let mut v = vector("The clock is at expires_at.", "expired", base.clone());
        v.at = EXPIRES.into();
        add("fail_expired", v);
        let mut v = vector(
            "The clock is 301 s before issued_at: one second beyond the allowed clock skew.",
            "not-yet-valid",
            base.clone(),
        );
        v.at = "2026-10-31T23:54:59Z".into();
        add("fail_not_yet_valid", v);
        let mut v = vector(
            "A higher sequence (8) was already seen for this issuer than this manifest's (7).",
            "rollback",
            base.clone(),
        );
        v.last_sequence = Some(SEQUENCE + 1);
        add("fail_rollback", v);
    }
    {
        // The identity point: small order, so [S]B = R + [k]A holds for R = identity,
        // S = 0 and any message.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut forged = [0u8; 64];
        forged[0] = 1;
        let mut e = base.clone();
        e["signatures"] = json!([{
            "keyid": &sha256_hex(&identity)[..16],
            "sig": encode_base64(&forged),
        }]);
        let mut v = vector(
            "The trusted key is the identity point (a small-order, weak key) and the signature \
             is R = identity encoding (01 00..00), S = 0, which satisfies [S]B = R + [k]A for \
             every message: a lax verifier accepts this forgery. A strict verifier refuses the \
             key itself.",
            "weak-key",
            e,
        );
        v.keys = vec![format!("ed25519:{}", encode_base64(&identity))];
        add("fail_weak_key", v);
    }
    {
        let text = serde_json::to_string(&base).unwrap();
        let mut v = vector(
            "The envelope's JSON text cut off halfway.",
            "malformed",
            Value::Null,
        );
        v.envelope = None;
        v.envelope_text = Some(text[..text.len() / 2].to_owned());
        add("fail_truncated_envelope", v);
        let mut v = vector("The envelope is not JSON at all.", "malformed", Value::Null);
        v.envelope = None;
        v.envelope_text = Some("<html>Not found</html>".into());
        add("fail_not_json", v);
    }
    {
        let mut e = base.clone();
        let mut p = base_envelope.payload.clone();
        p.insert(12, '*');
        e["payload"] = json!(p);
        add(
            "fail_bad_base64",
            vector(
                "A character outside both base64 alphabets in the payload.",
                "bad-encoding",
                e,
            ),
        );
        let mut e = base.clone();
        e["signatures"][0]["sig"] = json!("not base64!");
        add(
            "fail_bad_base64_signature",
            vector("The only signature is not base64.", "bad-encoding", e),
        );
        let mut e = base.clone();
        e["signatures"] = json!([]);
        add(
            "fail_no_signatures",
            vector(
                "An envelope with an empty signature list.",
                "no-signatures",
                e,
            ),
        );
        let mut e = base.clone();
        let sig = decode_base64(&base_envelope.signatures[0].sig).unwrap();
        e["signatures"][0]["sig"] = json!(encode_base64(&sig[..63]));
        add(
            "fail_short_signature",
            vector("A 63-byte signature.", "signature-invalid", e),
        );
    }
    {
        let len = serde_json::to_vec(&base).unwrap().len();
        assert!(len > 512);
        let mut v = vector(
            "The envelope is larger than the envelope_bytes limit (overridden to 512 bytes to \
             keep the vector small; the default is 2 MiB). Refused before parsing.",
            "too-large",
            base.clone(),
        );
        v.limits = Some(LimitsOverride {
            envelope_bytes: Some(512),
            ..Default::default()
        });
        add("fail_oversize", v);

        let mut m = manifest();
        m["reviews"][0]["review"]["reviewBody"] = json!("x".repeat(300));
        let mut v = vector(
            "A signed review body of 300 bytes, over the string_bytes limit (overridden to 256; \
             the default is 16 KiB).",
            "too-large",
            signed(&m),
        );
        v.limits = Some(LimitsOverride {
            string_bytes: Some(256),
            ..Default::default()
        });
        add("fail_string_too_long", v);

        let mut m = manifest();
        m["reviews"] = json!([
            { "review": review("r1", 5, "One.") },
            { "review": review("r2", 4, "Two.") },
            { "review": review("r3", 3, "Three.") },
        ]);
        let mut v = vector(
            "Three reviews, over the reviews limit (overridden to 2).",
            "too-large",
            signed(&m),
        );
        v.limits = Some(LimitsOverride {
            reviews: Some(2),
            ..Default::default()
        });
        add("fail_too_many_reviews", v);
    }
    {
        let mut m = manifest();
        m["spec"] = json!("2");
        add(
            "fail_unknown_spec_version",
            vector(
                "A correctly signed manifest of spec \"2\", a version this verifier does not read.",
                "unsupported-version",
                signed(&m),
            ),
        );
        let mut m = manifest();
        m["issuer"]["id"] = json!("");
        add(
            "fail_empty_issuer_id",
            vector(
                "A signed manifest with an empty issuer id (attestations could not name it).",
                "malformed",
                signed(&m),
            ),
        );
        let mut m = manifest();
        m["expires_at"] = json!(ISSUED);
        let mut v = vector(
            "expires_at equal to issued_at: a manifest never valid. The clock is 60 s before \
             both (within the allowed skew, so neither not-yet-valid nor expired applies).",
            "malformed",
            signed(&m),
        );
        v.at = "2026-10-31T23:59:00Z".into();
        add("fail_expires_not_after_issued", v);
        let mut m = manifest();
        m["sequence"] = json!("7");
        add(
            "fail_sequence_as_string",
            vector(
                "A signed manifest whose sequence is a string: not the v1 shape.",
                "malformed",
                signed(&m),
            ),
        );
    }
    {
        let payload = b"this is not JSON";
        add(
            "fail_signed_payload_not_json",
            vector(
                "A correctly signed payload that is not JSON.",
                "malformed",
                serde_json::to_value(sign_envelope(
                    MANIFEST_PAYLOAD_TYPE,
                    payload,
                    &[&secret(BRAND)],
                ))
                .unwrap(),
            ),
        );
    }
    {
        let mut v = vector("The trusted key is 31 bytes long.", "bad-key", base.clone());
        v.keys = vec![format!("ed25519:{}", encode_base64(&[7u8; 31]))];
        add("fail_short_key", v);
    }
}
