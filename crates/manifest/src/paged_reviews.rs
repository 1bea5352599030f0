//! Paged reviews (ARCHITECTURE.md, "Paged reviews"): a collector signs one
//! statement with its aggregate and the Merkle root over every page of reviews;
//! each page travels with its inclusion proof. Checking a page costs one parse of
//! the file, about log2(pages) SHA-256 compressions and one parse of the page,
//! and no signature: the proof ties it to the root the collector signed.
//!
//! ```text
//! page file ─limits─▶ PageFile ─root equal?─▶ leaf = UTF-8 of `page` ─proof─▶ signed root
//!                                              └─ parse Page: index = n, n-th page's count
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::merkle::{self, Hash};
use crate::model::*;
use crate::open_statement::{open_for_manifest, same_product};
use crate::verified::{Assurance, PagedReviews, Verified, VerifiedManifest};
use crate::{Error, Limits};

/// Most reviews a collector may put on one page.
pub const MAX_PAGE_SIZE: u32 = 1_000;

impl VerifiedManifest {
    /// Page 0 of the paged reviews, when the manifest carries it inline, checked
    /// now (its proof against the signed root, like any page).
    pub fn first_review_page(&self) -> Option<Result<Vec<Verified<Review>>, Error>> {
        let index = self.pages.as_ref()?;
        let file = self.manifest.review_pages.as_ref()?.first.as_ref()?;
        Some(check_page(index, 0, file, &Limits::default()))
    }

    /// Page `n` of the paged reviews from the bytes of its file, checked: within
    /// `limits.page_bytes`, its inclusion proof against the root the collector
    /// signed, its position and review count. Its reviews are attested by that
    /// collector.
    pub fn review_page(
        &self,
        n: u64,
        file: &[u8],
        limits: &Limits,
    ) -> Result<Vec<Verified<Review>>, Error> {
        let index = self.pages.as_ref().ok_or_else(|| {
            // A page index dropped because its collector's log did not vouch
            // for it says so for each page asked for.
            self.dropped
                .iter()
                .find(|d| matches!(d.error, Error::LogInvalid(_)))
                .map_or_else(
                    || Error::Malformed(String::from("no verified review pages")),
                    |d| d.error.clone(),
                )
        })?;
        let file = read_page_file(file, limits)?;
        check_page(index, n, &file, limits)
    }
}

/// Checks the page index a manifest embeds: the collector's signature (trusted for
/// `review`), subject, expiry, and that count, page size and page count agree.
/// Returns the index and, when the collector is also trusted for aggregates, its
/// aggregate (shown as the rating).
pub(crate) fn check_index(
    m: &VerifiedManifest,
    rp: &ReviewPages,
) -> Result<(PagedReviews, Option<Verified<Aggregate>>), Error> {
    let (s, assurance) = open_for_manifest(m, &rp.attestation, AttestationKind::ReviewPages)?;
    let Assurance::Attested(attestation) = assurance else {
        return Err(Error::UntrustedAttester);
    };
    let (Some(index), Some(mut aggregate)) = (s.pages, s.aggregate) else {
        return Err(Error::Malformed(String::from(
            "a review-pages statement needs `pages` and `aggregate`",
        )));
    };
    if !aggregate.is_consistent() {
        return Err(Error::Malformed(String::from(
            "histogram does not sum to ratingCount",
        )));
    }
    let size = u64::from(index.page_size);
    if index.page_size == 0 || index.page_size > MAX_PAGE_SIZE {
        return Err(Error::Malformed(alloc::format!(
            "page_size {} outside 1..={MAX_PAGE_SIZE}",
            index.page_size
        )));
    }
    if aggregate.count == 0 || index.pages != aggregate.count.div_ceil(size) {
        return Err(Error::Malformed(alloc::format!(
            "{} pages of {} do not hold {} reviews",
            index.pages,
            index.page_size,
            aggregate.count
        )));
    }
    let root = hash_hex(&index.root).ok_or(Error::BadEncoding("root"))?;
    if !crate::page_url::is_page_url_template(&rp.page_url) {
        return Err(Error::Malformed(String::from(
            "review_pages.page_url must be a relative or https URL with one {n}",
        )));
    }
    aggregate.product = same_product(&s.subject.product, &aggregate.product)?;
    let as_aggregate = m
        .trust()
        .keys_for(AttestationKind::Aggregate)
        .iter()
        .any(|k| k.key_id() == attestation.key_id)
        .then(|| Verified::new(aggregate.clone(), Assurance::Attested(attestation.clone())));
    let paged = PagedReviews {
        attestation,
        product: s.subject.product,
        count: aggregate.count,
        page_size: index.page_size,
        pages: index.pages,
        root,
        url: rp.page_url.clone(),
        head: s.log,
        brand_root: s.subject.root,
        log: None,
    };
    Ok((paged, as_aggregate))
}

fn hash_hex(s: &str) -> Option<Hash> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in s.as_bytes().chunks(2).enumerate() {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        out[i] = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// Checks page `n` against the signed index and returns its reviews, each
/// attested by the collector that signed the root.
pub(crate) fn check_page(
    index: &PagedReviews,
    n: u64,
    file: &PageFile,
    limits: &Limits,
) -> Result<Vec<Verified<Review>>, Error> {
    if n >= index.pages {
        return Err(Error::Malformed(String::from("no such page")));
    }
    let signed = crate::hex(&index.root);
    if !file.root.eq_ignore_ascii_case(&signed) {
        return Err(Error::ProofInvalid(alloc::format!(
            "the page is from tree {}, not the signed {}",
            short(&file.root),
            short(&signed)
        )));
    }
    if file.index != n {
        return Err(Error::ProofInvalid(alloc::format!(
            "page {} served where page {n} was asked for",
            file.index
        )));
    }
    if file.proof.len() > merkle::MAX_PROOF {
        return Err(Error::TooLarge(String::from(
            "a proof of more than 64 hashes",
        )));
    }
    let proof = file
        .proof
        .iter()
        .map(|h| hash_hex(h))
        .collect::<Option<Vec<Hash>>>()
        .ok_or(Error::BadEncoding("proof"))?;
    let leaf = file.page.as_bytes();
    if !merkle::verify_inclusion(
        n,
        index.pages,
        &merkle::leaf_hash(leaf),
        &proof,
        &index.root,
    ) {
        return Err(Error::ProofInvalid(alloc::format!(
            "page {n} is not in the tree the collector signed"
        )));
    }
    // Proven: now it is the collector's own text, parsed within the usual limits.
    limits.scan(leaf)?;
    let page: Page = crate::json::from_slice(leaf)?;
    if let Some(log) = &index.log {
        let ids: Vec<&str> = page.reviews.iter().map(|r| r.id.as_str()).collect();
        crate::review_log::check_reviews(log, &file.page, &ids, file.log.as_ref())?;
    }
    let want = index.reviews_on(n);
    if page.index != n || page.reviews.len() as u64 != want {
        return Err(Error::Malformed(alloc::format!(
            "page {} with {} reviews where page {n} holds {want}",
            page.index,
            page.reviews.len()
        )));
    }
    let mut out = Vec::with_capacity(page.reviews.len());
    for mut review in page.reviews {
        if !review.rating.in_scale() {
            return Err(Error::Malformed(String::from(
                "a review's rating is off its scale",
            )));
        }
        review.product = same_product(&index.product, &review.product)?;
        out.push(Verified::new(
            review,
            Assurance::Attested(index.attestation.clone()),
        ));
    }
    Ok(out)
}

/// Reads a page file (bytes as fetched) within `limits.page_bytes`.
pub(crate) fn read_page_file(bytes: &[u8], limits: &Limits) -> Result<PageFile, Error> {
    if bytes.len() > limits.page_bytes {
        return Err(Error::TooLarge(alloc::format!(
            "page of {} bytes (limit {})",
            bytes.len(),
            limits.page_bytes
        )));
    }
    // The page's JSON text is one string in the file: bound strings by the file's
    // limit here; the page's own content is scanned once proven.
    // Arrays keep the caller's bound: a page's log indices and batch proof grow
    // with its reviews (the page tree's proof is bounded where it is checked).
    Limits {
        string_bytes: limits.page_bytes,
        ..*limits
    }
    .scan(bytes)?;
    crate::json::from_slice(bytes)
}

fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

/// What a collector publishes for pages given as text (each the JSON of a `Page`,
/// exactly as it will be served): the tree's root (hex) and each page's file with
/// its inclusion proof. `trustctl pages` uses it; tests and benches build pages
/// the same way through it.
#[cfg(feature = "sign")]
pub fn page_files(texts: Vec<String>) -> (String, Vec<PageFile>) {
    let leaves: Vec<Hash> = texts
        .iter()
        .map(|t| merkle::leaf_hash(t.as_bytes()))
        .collect();
    let (root, proofs) = merkle::build(&leaves);
    let root = crate::hex(&root);
    let files = texts
        .into_iter()
        .zip(proofs)
        .enumerate()
        .map(|(n, (page, proof))| PageFile {
            root: root.clone(),
            index: n as u64,
            proof: proof.iter().map(|h| crate::hex(h)).collect(),
            page,
            log: None,
        })
        .collect();
    (root, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_hashes() {
        let h = [0xabu8; 32];
        assert_eq!(hash_hex(&crate::hex(&h)), Some(h));
        assert_eq!(hash_hex("ab"), None);
        assert_eq!(hash_hex(&"AB".repeat(32)), None);
        assert_eq!(hash_hex(&"zz".repeat(32)), None);
    }
}
