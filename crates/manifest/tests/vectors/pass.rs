//! The `pass_*` vectors of the basic shape: brand-stated and attested reviews,
//! several signatures, the sequence rule at its edge, and claims dropped while the
//! manifest stands.

use serde_json::json;
use trust_manifest::{
    decode_base64, encode_base64, sign_envelope, ATTESTATION_PAYLOAD_TYPE, MANIFEST_PAYLOAD_TYPE,
};

use super::fixtures::*;
// The vectors' `signed` (a value), not the shared one (bytes).
use super::fixtures::signed;
use super::format::*;
use super::support::*;

pub fn vectors(add: &mut impl FnMut(&str, Vector)) {
    let base = signed(&manifest());
    let mut v = vector(
        "A brand-signed manifest with one brand-stated review, verified with the brand's key.",
        "ok",
        base.clone(),
    );
    v.check_reviews = vec![review_check(0, "ok", Some("brand"))];
    add("pass_basic", v);

    {
        // Re-encode payload and signature in URL-safe base64 without padding, so that
        // both use `-` or `_` and the URL-safe path is exercised. ASCII text encodes to
        // `-`/`_` only through `>`, `?`, `~` or DEL in the third byte of a group, hence
        // the "~~~" (one of three consecutive bytes is always third); the signature is
        // varied through a field until it has one too.
        let url_safe = |b: &[u8]| {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
        };
        let url_only = |t: &str| t.contains(['-', '_']);
        let (payload, sig) = (0u32..1000)
            .map(|n| {
                let mut m = manifest();
                m["products"][0]["name"] = json!("Test jacket ~~~");
                m["company"] = json!({ "response_time_hours": n });
                let e = envelope(&m, &[BRAND]);
                let payload = url_safe(&decode_base64(&e.payload).unwrap());
                let sig = url_safe(&decode_base64(&e.signatures[0].sig).unwrap());
                (payload, sig)
            })
            .find(|(p, s)| url_only(p) && url_only(s))
            .expect("a signature with - or _ within 1000 tries");
        let mut v = vector(
            "Payload and signature in URL-safe base64 without padding (DSSE producers write \
             either alphabet); the key is written without padding.",
            "ok",
            json!({
                "payload": payload,
                "payloadType": MANIFEST_PAYLOAD_TYPE,
                "signatures": [{ "keyid": secret(BRAND).public().key_id(), "sig": sig }],
            }),
        );
        v.keys = vec![format!(
            "ed25519:{}",
            url_safe(secret(BRAND).public().as_bytes())
        )];
        add("pass_url_safe_base64", v);
    }

    add(
        "pass_two_signatures_one_trusted",
        vector(
            "Two signatures: the first by a key the verifier does not trust, the second by the \
             trusted brand key. Any trusted signature that verifies suffices.",
            "ok",
            serde_json::to_value(envelope(&manifest(), &[OTHER_BRAND, BRAND])).unwrap(),
        ),
    );

    {
        let mut e = base.clone();
        e["signatures"][0]["keyid"] = json!("0000000000000000");
        add(
            "pass_wrong_keyid",
            vector(
                "The keyid names no known key, but the signature verifies under the trusted key: \
                 keyid is a hint only.",
                "ok",
                e,
            ),
        );
        let mut e = base.clone();
        e["signatures"][0].as_object_mut().unwrap().remove("keyid");
        add(
            "pass_no_keyid",
            vector(
                "A signature without a keyid (it is optional in DSSE).",
                "ok",
                e,
            ),
        );
    }

    {
        let mut v = vector(
            "The last sequence seen equals this manifest's: the same manifest again is not a \
             rollback.",
            "ok",
            base.clone(),
        );
        v.last_sequence = Some(SEQUENCE);
        add("pass_equal_sequence", v);
        let mut v = vector(
            "The clock is exactly 300 s (the allowed clock skew) before issued_at.",
            "ok",
            base.clone(),
        );
        v.at = "2026-10-31T23:55:00Z".into();
        add("pass_clock_skew_boundary", v);
        let mut v = vector(
            "The clock is one second before expires_at.",
            "ok",
            base.clone(),
        );
        v.at = "2026-11-14T23:59:59Z".into();
        add("pass_last_second", v);
    }

    let attested = attestation(
        COLLECTOR,
        "review",
        BRAND,
        Some("p1"),
        review("r2", 4, "Collected by the collector."),
    );
    add(
        "pass_attested_review",
        attested_review_vector(
            "Review 1 is a DSSE statement signed by a collector on the trust list for reviews: \
             review(1) verifies and is vouched for by the collector; review(0) is brand-stated.",
            attested.clone(),
            "ok",
        ),
    );
    add(
        "pass_review_wrong_subject",
        attested_review_vector(
            "Review 1 is attested by a trusted collector, but the statement is about another \
             brand (it was moved here): the manifest verifies, review(1) fails wrong-subject.",
            attestation(
                COLLECTOR,
                "review",
                OTHER_BRAND,
                Some("p1"),
                review("r2", 4, "About another brand."),
            ),
            "wrong-subject",
        ),
    );
    add(
        "pass_review_wrong_product",
        attested_review_vector(
            "Review 1's statement names product p2 in its subject while the review names p1: \
             review(1) fails wrong-subject.",
            attestation(
                COLLECTOR,
                "review",
                BRAND,
                Some("p2"),
                review("r2", 4, "Product mismatch."),
            ),
            "wrong-subject",
        ),
    );
    add(
        "pass_review_untrusted_attester",
        attested_review_vector(
            "Review 1 is signed by a collector key that is not on the trust list: review(1) \
             fails untrusted-attester.",
            attestation(
                ROGUE_COLLECTOR,
                "review",
                BRAND,
                Some("p1"),
                review("r2", 5, "Signed by a rogue collector."),
            ),
            "untrusted-attester",
        ),
    );
    add(
        "pass_review_wrong_kind",
        attested_review_vector(
            "Review 1 embeds a trusted collector's aggregate statement in place of a review: \
             review(1) fails wrong-kind.",
            attestation(
                COLLECTOR,
                "aggregate",
                BRAND,
                None,
                json!({ "ratingCount": 1, "histogram": [0, 0, 0, 0, 1], "asOf": "2026-11-01" }),
            ),
            "wrong-kind",
        ),
    );
    {
        let mut e = attested.clone();
        let mut sig = decode_base64(e["signatures"][0]["sig"].as_str().unwrap()).unwrap();
        sig[40] ^= 0x01;
        e["signatures"][0]["sig"] = json!(encode_base64(&sig));
        add(
            "pass_review_bad_attestation_signature",
            attested_review_vector(
                "Review 1's attestation names the trusted collector's key, but one signature \
                 byte is flipped: review(1) fails signature-invalid.",
                e,
                "signature-invalid",
            ),
        );
    }
    add(
        "pass_review_attested_in_future",
        attested_review_vector(
            "Review 1's statement is signed at a time after the verifier's clock (beyond the \
             skew): review(1) fails not-yet-valid.",
            {
                let mut statement = json!({
                    "spec": "1",
                    "kind": "review",
                    "subject": { "brand": BRAND_ID, "root": public(BRAND), "product": "p1" },
                    "issued_at": "2026-12-01T00:00:00Z",
                    "review": review("r2", 4, "From the future."),
                });
                statement["review"]["datePublished"] = json!("2026-11-30");
                let payload = serde_json::to_vec(&statement).unwrap();
                serde_json::to_value(sign_envelope(
                    ATTESTATION_PAYLOAD_TYPE,
                    &payload,
                    &[&secret(COLLECTOR)],
                ))
                .unwrap()
            },
            "not-yet-valid",
        ),
    );

    {
        let mut m = manifest();
        m["certifications"] = json!([
            { "attestation": attestation(CERT_BODY, "certification", BRAND, None, certification()) },
            { "certification": certification() },
        ]);
        m["aggregates"] = json!([attestation(
            COLLECTOR,
            "aggregate",
            BRAND,
            Some("p1"),
            json!({ "ratingCount": 10, "histogram": [0, 0, 1, 3, 6], "asOf": "2026-11-01" }),
        )]);
        let mut v = vector(
            "An attested certification (signed by a certification body trusted for \
             certifications), a brand-stated certification and an attested aggregate whose \
             histogram sums to its count: nothing is dropped.",
            "ok",
            signed(&m),
        );
        v.attesters = Some(trust_list_file());
        v.dropped = Some(vec![]);
        add("pass_attested_certification_and_aggregate", v);
    }
    {
        let mut m = manifest();
        m["aggregates"] = json!([attestation(
            COLLECTOR,
            "aggregate",
            BRAND,
            Some("p1"),
            json!({ "ratingCount": 12, "histogram": [0, 0, 1, 3, 6], "asOf": "2026-11-01" }),
        )]);
        let mut v = vector(
            "An aggregate signed by a trusted collector whose histogram (sum 10) does not sum \
             to its ratingCount (12): the manifest verifies, the aggregate is dropped as \
             malformed.",
            "ok",
            signed(&m),
        );
        v.attesters = Some(trust_list_file());
        v.dropped = Some(vec!["malformed".into()]);
        add("pass_aggregate_histogram_mismatch", v);
    }
    {
        let mut m = manifest();
        m["certifications"] = json!([{
            "attestation": attestation(COLLECTOR, "certification", BRAND, None, certification())
        }]);
        let mut v = vector(
            "A certification attested by the review collector, which the trust list believes \
             for reviews and aggregates only: the certification is dropped as \
             untrusted-attester.",
            "ok",
            signed(&m),
        );
        v.attesters = Some(trust_list_file());
        v.dropped = Some(vec!["untrusted-attester".into()]);
        add("pass_certification_by_review_collector", v);
    }
    {
        let mut m = manifest();
        m["certifications"] = json!([{
            "attestation": attestation(CERT_BODY, "certification", OTHER_BRAND, None, certification())
        }]);
        m["aggregates"] = json!([attestation(
            ROGUE_COLLECTOR,
            "aggregate",
            BRAND,
            None,
            json!({ "ratingCount": 1, "histogram": [0, 0, 0, 0, 1], "asOf": "2026-11-01" }),
        )]);
        let mut v = vector(
            "A certification attested for another brand and an aggregate signed by an untrusted \
             collector: both dropped, certifications first.",
            "ok",
            signed(&m),
        );
        v.attesters = Some(trust_list_file());
        v.dropped = Some(vec!["wrong-subject".into(), "untrusted-attester".into()]);
        add("pass_dropped_in_order", v);
    }
}
