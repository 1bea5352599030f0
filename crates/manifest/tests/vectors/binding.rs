//! Issue 12: statements bound to the brand's key, their freshness, the manifest's
//! validity window, the page origin and the signature budget.

use serde_json::{json, Value};
use trust_manifest::{sign_envelope, ATTESTATION_PAYLOAD_TYPE};

use super::fixtures::*;
// The vectors' `signed` (a value), not the shared one (bytes).
use super::fixtures::signed;
use super::format::*;
use super::support::*;

pub fn vectors(add: &mut impl FnMut(&str, Vector)) {
    let aggregate =
        || json!({ "ratingCount": 10, "histogram": [0, 0, 1, 3, 6], "asOf": "2026-11-01" });
    {
        // Brand B (its own key) copies brand A's issuer id and A's public collector
        // statements into its manifest.
        let mut m = manifest();
        m["reviews"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "attestation": attestation(
            COLLECTOR, "review", BRAND, Some("p1"), review("r2", 5, "Brand A's buyer."),
        ) }));
        m["aggregates"] = json!([attestation(
            COLLECTOR,
            "aggregate",
            BRAND,
            Some("p1"),
            aggregate()
        )]);
        let mut v = vector(
            "A copycat: another brand, signing with its own key, copies this brand's issuer id and \
             pastes its collector review and aggregate (bound to the first brand's root). The \
             manifest verifies under the copycat's key, but neither claim counts: wrong-subject.",
            "ok",
            serde_json::to_value(envelope(&m, &[OTHER_BRAND])).unwrap(),
        );
        v.keys = vec![public(OTHER_BRAND)];
        v.attesters = Some(trust_list_file());
        v.check_reviews = vec![
            review_check(0, "ok", Some("brand")),
            review_check(1, "wrong-subject", None),
        ];
        v.dropped = Some(vec!["wrong-subject".into()]);
        add("pass_copycat_brand_claims_dropped", v);
    }
    {
        let mut unbound = json!({
            "spec": "1",
            "kind": "review",
            "subject": { "brand": BRAND_ID, "product": "p1" },
            "issued_at": STATEMENT_ISSUED,
            "review": review("r2", 5, "Names the brand by id only."),
        });
        add(
            "pass_review_unbound_statement",
            attested_review_vector(
                "Review 1's statement names the brand only by its issuer id, without the root \
                 key it is bound to: never shown as attested (malformed).",
                attest(COLLECTOR, &unbound),
                "malformed",
            ),
        );
        unbound["subject"]["root"] = json!("ed25519:AAAA");
        add(
            "pass_review_bound_to_no_key",
            attested_review_vector(
                "Review 1's statement is bound to a root that is not a key: wrong-subject.",
                attest(COLLECTOR, &unbound),
                "wrong-subject",
            ),
        );
    }
    let with_aggregate = |statement: Value| {
        let mut m = manifest();
        m["aggregates"] = json!([attest(COLLECTOR, &statement)]);
        signed(&m)
    };
    let aggregate_statement = |expires: Option<&str>| {
        let mut st = json!({
            "spec": "1",
            "kind": "aggregate",
            "subject": { "brand": BRAND_ID, "root": public(BRAND), "product": "p1" },
            "issued_at": STATEMENT_ISSUED,
            "aggregate": aggregate(),
        });
        if let Some(e) = expires {
            st["expires_at"] = json!(e);
        }
        st
    };
    for (name, description, expires, code) in [
        (
            "pass_aggregate_expired",
            "The collector's aggregate expired before the verifier's clock: a brand cannot keep \
             showing an old rating. Dropped as expired.",
            Some("2026-11-01T00:00:00Z"),
            "expired",
        ),
        (
            "pass_aggregate_without_expiry",
            "An aggregate statement without expires_at: claims about the present must expire. \
             Dropped as malformed.",
            None,
            "malformed",
        ),
        (
            "pass_aggregate_shown_too_long",
            "An aggregate statement valid for 60 days, beyond the format's 31: dropped as \
             malformed.",
            Some("2026-12-20T00:00:00Z"),
            "malformed",
        ),
    ] {
        let mut v = vector(
            description,
            "ok",
            with_aggregate(aggregate_statement(expires)),
        );
        v.attesters = Some(trust_list_file());
        v.dropped = Some(vec![code.into()]);
        add(name, v);
    }
    {
        let mut m = manifest();
        m["expires_at"] = json!("2027-02-01T00:00:00Z");
        add(
            "fail_validity_too_long",
            vector(
                "A manifest valid for 92 days, beyond the format's 90: refused everywhere, not \
                 only by trustctl sign.",
                "malformed",
                signed(&m),
            ),
        );
    }
    {
        let mut v = vector(
            "Shown on a page whose origin is neither the issuer's website nor in allowed_origins.",
            "origin-not-allowed",
            signed(&manifest()),
        );
        v.origin = Some("https://copy.example".into());
        add("fail_origin_not_allowed", v);
        let mut v = vector(
            "Shown on the issuer's own website: allowed.",
            "ok",
            signed(&manifest()),
        );
        v.origin = Some("https://shop.test.example".into());
        add("pass_origin_website", v);
    }
    {
        // Each aggregate carries 16 signatures by an unknown key: 16 x 2 attester keys
        // = 32 checks. The budget of 128 pays for four; the rest are refused unchecked.
        let mut bogus = serde_json::to_value(sign_envelope(
            ATTESTATION_PAYLOAD_TYPE,
            &serde_json::to_vec(&aggregate_statement(Some(STATEMENT_EXPIRES))).unwrap(),
            &[&secret(ROGUE_COLLECTOR)],
        ))
        .unwrap();
        let sig = json!({ "sig": bogus["signatures"][0]["sig"] });
        bogus["signatures"] = json!(vec![sig; 16]);
        let mut m = manifest();
        m["aggregates"] = json!(vec![bogus; 5]);
        let mut v = vector(
            "Five aggregates, each with 16 signatures by an untrusted key: the signature budget \
             (128 checks per manifest) pays for four (signature-invalid: no signature verifies under the one collector key); the fifth is \
             refused before any check (too-large). The manifest stands.",
            "ok",
            signed(&m),
        );
        v.attesters = Some(trust_list_file());
        let mut dropped = vec!["signature-invalid".to_owned(); 4];
        dropped.push("too-large".to_owned());
        v.dropped = Some(dropped);
        add("pass_signature_budget", v);
    }
}
