//! Paged reviews: a collector's page index (aggregate + Merkle root) in the manifest,
//! page 0 inline, the other pages as files with their inclusion proofs.

use serde_json::{json, Value};

use super::fixtures::*;
// The vectors' `signed` (a value), not the shared one (bytes).
use super::fixtures::signed;
use super::format::*;
use super::support::*;

/// Five reviews in pages of two: the page index signed by `seed`, with the manifest
/// carrying page 0 inline. Returns the signed manifest and the page files.
fn paged_manifest(seed: u8, pages: &[Vec<Value>]) -> (Value, Vec<Value>) {
    let (index, files) = review_pages(seed, pages, 2);
    let mut m = manifest();
    m["review_pages"] = json!({
        "attestation": index,
        "page_url": "pages/{n}.json",
        "first": files[0],
    });
    (signed(&m), files)
}

fn five_reviews(tag: &str) -> Vec<Vec<Value>> {
    let r =
        |i: usize, stars: u8| review(&format!("{tag}{i}"), stars, &format!("Paged review {i}."));
    vec![
        vec![r(1, 5), r(2, 4)],
        vec![r(3, 5), r(4, 3)],
        vec![r(5, 4)],
    ]
}

fn page_vector(
    description: &str,
    expect: &str,
    envelope: Value,
    index: u64,
    file: Value,
) -> Vector {
    let mut v = vector(description, expect, envelope);
    v.attesters = Some(trust_list_file());
    v.page = Some(PageCase { index, file });
    v
}

pub fn vectors(add: &mut impl FnMut(&str, Vector)) {
    let (envelope, files) = paged_manifest(COLLECTOR, &five_reviews("p"));
    add(
        "pass_review_page",
        page_vector(
            "Five reviews in three pages of two, the collector's page index (aggregate and \
             Merkle root) embedded by the brand with page 0 inline; page 1, fetched, is proven \
             part of the signed tree and its reviews are attested by the collector.",
            "ok",
            envelope.clone(),
            1,
            files[1].clone(),
        ),
    );
    add(
        "pass_review_page_last",
        page_vector(
            "The last page holds the remainder (one review): its count agrees with the index.",
            "ok",
            envelope.clone(),
            2,
            files[2].clone(),
        ),
    );
    {
        let mut file = files[1].clone();
        let mut proof = file["proof"][0].as_str().unwrap().to_owned().into_bytes();
        proof[0] = if proof[0] == b'0' { b'1' } else { b'0' };
        file["proof"][0] = json!(String::from_utf8(proof).unwrap());
        add(
            "fail_page_wrong_proof",
            page_vector(
                "Page 1 with one hex digit of its inclusion proof changed.",
                "proof-invalid",
                envelope.clone(),
                1,
                file,
            ),
        );
    }
    {
        let mut file = files[2].clone();
        file["index"] = json!(1);
        add(
            "fail_page_wrong_index",
            page_vector(
                "Page 2's file (index relabelled 1) served where page 1 was asked for: the \
                 proof is for another position in the tree.",
                "proof-invalid",
                envelope.clone(),
                1,
                file,
            ),
        );
    }
    {
        // Another tree the same collector signed (another manifest's pages): its page
        // 1, with the root it names rewritten to this tree's.
        let (_, other) = paged_manifest(COLLECTOR, &five_reviews("q"));
        let mut file = other[1].clone();
        file["root"] = files[1]["root"].clone();
        add(
            "fail_page_other_root",
            page_vector(
                "Page 1 of another tree signed by the same collector, relabelled with this \
                 tree's root (mix and match, or a rolled-back page set): its proof does not \
                 reach the signed root.",
                "proof-invalid",
                envelope.clone(),
                1,
                file,
            ),
        );
    }
    {
        let mut file = files[1].clone();
        let page = file["page"]
            .as_str()
            .unwrap()
            .replace("\"ratingValue\":3", "\"ratingValue\":5");
        assert_ne!(page, file["page"].as_str().unwrap());
        file["page"] = json!(page);
        add(
            "fail_page_tampered_review",
            page_vector(
                "Page 1 with one review's rating raised from 3 to 5 after the collector signed.",
                "proof-invalid",
                envelope.clone(),
                1,
                file,
            ),
        );
    }
    {
        let mut v = page_vector(
            "Page 1 over the page size limit (lowered to 256 bytes here to keep the file small).",
            "too-large",
            envelope.clone(),
            1,
            files[1].clone(),
        );
        v.limits = Some(LimitsOverride {
            page_bytes: Some(256),
            ..LimitsOverride::default()
        });
        add("fail_page_oversize", v);
    }
    {
        // The collector's own tree is inconsistent: page 1 holds one review where
        // every page but the last holds two.
        let r = |i: usize| review(&format!("c{i}"), 4, "Short page.");
        let pages = vec![vec![r(1), r(2)], vec![r(3)], vec![r(4), r(5)]];
        let (envelope, files) = paged_manifest(COLLECTOR, &pages);
        add(
            "fail_page_count_mismatch",
            page_vector(
                "A signed tree whose page 1 holds one review where the index says two: the \
                 proof checks out, the page does not.",
                "malformed",
                envelope,
                1,
                files[1].clone(),
            ),
        );
    }
    {
        let (envelope, files) = paged_manifest(ROGUE_COLLECTOR, &five_reviews("p"));
        let mut v = page_vector(
            "A page index signed by a collector on no trust list: dropped, so no page verifies \
             (the manifest itself still does).",
            "malformed",
            envelope,
            1,
            files[1].clone(),
        );
        v.description
            .push_str(" The index is dropped as untrusted-attester.");
        add("fail_page_untrusted_index", v);
    }
}
