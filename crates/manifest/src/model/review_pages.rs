use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::Envelope;

model! {
    /// A brand's reviews in pages (ARCHITECTURE.md, "Paged reviews"): the
    /// collector's signed page index, where the pages are, and page 0 inline, so
    /// the first view costs one request however many reviews there are.
    pub struct ReviewPages {
        /// The collector's statement of kind `review-pages`: its aggregate (count and
        /// histogram) and the page index (`pages`), signed together.
        pub attestation: Envelope,
        /// Where page files are: `{n}` stands for the page number (0, 1, …). A
        /// relative URL is resolved against the manifest's own URL; an absolute one
        /// must be https.
        pub page_url: String,
        /// Page 0, inline (leaf 0 of the tree, proven like any other page).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub first: Option<PageFile>,
        /// The collector's log checkpoint the statement names, as a signed note
        /// with the log's signature and the witnesses' cosignatures
        /// (c2sp.org/tlog-checkpoint, c2sp.org/tlog-cosignature).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub checkpoint: Option<String>,
    }

    /// What a collector signs about its paged reviews, next to the aggregate.
    pub struct PageIndex {
        /// Reviews per page; every page but the last holds exactly this many.
        pub page_size: u32,
        /// Number of pages: the aggregate's `ratingCount` divided by `page_size`,
        /// rounded up.
        pub pages: u64,
        /// Root of the Merkle tree over the pages (hex SHA-256, RFC 6962 hashing).
        /// (The index expires with its statement's `expires_at`.)
        pub root: String,
    }

    /// One page as served (a file, or `first` inline): the tree it belongs to, its
    /// inclusion proof, and the page itself.
    pub struct PageFile {
        /// Root (hex) of the tree this page says it belongs to.
        pub root: String,
        /// Page number, from 0.
        pub index: u64,
        /// Sibling hashes (hex), from the leaf upwards (RFC 9162 inclusion path).
        pub proof: Vec<String>,
        /// The page (`Page`) as JSON text. The Merkle leaf is this string's UTF-8
        /// bytes, so the page is parsed only after its proof checked out.
        pub page: String,
        /// With a logged collector: where the page's reviews are in the log and
        /// one proof for all of them against the statement's checkpoint. Outside
        /// `page`, so the page tree does not depend on it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub log: Option<PageLog>,
    }

    /// A page's reviews in the collector's log: their leaves and one batch
    /// inclusion proof (ARCHITECTURE.md, "The public review log").
    pub struct PageLog {
        /// Each review's leaf index in the log, in the order of the page's reviews.
        pub indices: Vec<u64>,
        /// The hashes (standard base64) that, with the reviews' leaves taken in
        /// ascending index order, give the checkpoint's root: those of the subtrees
        /// holding none of the page's leaves whose sibling holds one, in the order a
        /// depth-first, left-first walk of the tree meets them
        /// (`trust_tlog::proof::verify_batch_inclusion`).
        pub proof: Vec<String>,
    }

    /// The content of one page: the Merkle leaf.
    pub struct Page {
        /// Page number, from 0; must equal the proof's position.
        pub index: u64,
        pub reviews: Vec<Review>,
    }
}
