//! Building and signing a publication: pages under one Merkle root, the aggregate
//! and histogram from the same reviews, the `review-pages` and `aggregate`
//! statements signed by the collector key and bound to the brand's root.

use anyhow::{bail, Context, Result};
use trust_manifest::{
    page_files, sign_envelope, Aggregate, AttestationKind, Page, PageIndex, Review, ReviewPages,
    Statement, Subject, Timestamp, ATTESTATION_PAYLOAD_TYPE,
};

use super::DAY;
use crate::brands::Brand;

pub const DEFAULT_PAGE_SIZE: usize = 20;

/// One publication, ready to store or write.
#[derive(Debug, Clone)]
pub struct Publication {
    pub brand_id: String,
    pub root: String,
    pub issued_at: i64,
    pub expires_at: i64,
    pub review_count: u64,
    /// `brands.change_seq` when the reviews were read.
    pub seq: i64,
    /// review-pages.json: the signed index, the page URL template, page 0 inline.
    pub index_json: String,
    /// aggregate.json: the signed aggregate statement (a DSSE envelope).
    pub aggregate_json: String,
    /// page-N.json files, in order.
    pub pages: Vec<String>,
}

/// Where page files are, for a brand: the collector's immutable URL when it is
/// served over https, else `reviews/page-{n}.json` beside the manifest (what
/// `trustctl pages` defaults to; the brand copies the files there).
pub fn default_page_url(public_url: &str, brand_id: &str) -> String {
    if public_url.starts_with("https://") {
        format!("{public_url}/v1/brands/{brand_id}/pages/{{root}}/page-{{n}}.json")
    } else {
        "reviews/page-{n}.json".to_string()
    }
}

/// Signs a publication of `reviews` for `brand` at `at` (with each page's leaves
/// and batch proof in the log, when logged).
#[allow(clippy::too_many_arguments)]
pub fn build(
    key: &trust_manifest::SecretKey,
    brand: &Brand,
    reviews: &[Review],
    at: i64,
    statement_days: i64,
    page_url: &str,
    seq: i64,
    log: Option<&crate::log::Logged>,
) -> Result<Publication> {
    if reviews.is_empty() {
        bail!("brand {} has no published reviews", brand.id);
    }
    if !(1..=trust_manifest::MAX_CURRENT_STATEMENT_DAYS).contains(&statement_days) {
        bail!("statement validity must be 1 to 31 days");
    }
    let mut histogram = [0u64; 5];
    for r in reviews {
        histogram[usize::from(r.rating.stars().clamp(1, 5)) - 1] += 1;
    }
    let limits = trust_manifest::Limits::default();
    // A page must fit what verifiers accept: halve the page size until it does.
    let mut size = DEFAULT_PAGE_SIZE;
    let (root, files) = loop {
        let texts: Vec<String> = reviews
            .chunks(size)
            .enumerate()
            .map(|(n, chunk)| {
                serde_json::to_string(&Page {
                    index: n as u64,
                    reviews: chunk.to_vec(),
                })
                .expect("a page serialises")
            })
            .collect();
        let (root, mut files) = page_files(texts);
        if let Some(l) = log {
            // The page's leaves and one proof, beside (not inside) its text.
            for (f, page_log) in files.iter_mut().zip(l.page_logs(size)?) {
                f.log = Some(page_log);
            }
        }
        let fits = files.iter().all(|f| {
            serde_json::to_vec(f).map(|b| b.len()).unwrap_or(usize::MAX) <= limits.page_bytes
        });
        if fits {
            break (root, files);
        }
        if size == 1 {
            bail!("a single review is larger than a page may be");
        }
        size = size.div_ceil(2);
    };
    let issued = Timestamp(at);
    let expires = Timestamp(at + statement_days * DAY);
    let subject = Subject {
        brand: brand.id.clone(),
        root: brand.root.clone(),
        product: None,
    };
    let aggregate = Aggregate {
        product: None,
        count: reviews.len() as u64,
        histogram,
        as_of: issued.date(),
    };
    let statement = |kind, pages| Statement {
        spec: "1".into(),
        kind,
        subject: subject.clone(),
        issued_at: issued,
        expires_at: Some(expires),
        review: None,
        aggregate: Some(aggregate.clone()),
        certification: None,
        pages,
        log: log.map(|l| l.head.clone()),
    };
    let sign = |s: &Statement| {
        let payload = serde_json::to_vec(s).expect("a statement serialises");
        sign_envelope(ATTESTATION_PAYLOAD_TYPE, &payload, &[key])
    };
    let index = statement(
        AttestationKind::ReviewPages,
        Some(PageIndex {
            page_size: size as u32,
            pages: files.len() as u64,
            root: root.clone(),
        }),
    );
    let first = files.first().cloned().filter(|f| {
        // Inline, page 0's text is a string of the manifest: within its string limit.
        serde_json::to_string(&f.page)
            .map(|s| s.len() - 2)
            .unwrap_or(usize::MAX)
            <= limits.string_bytes
    });
    let embed = ReviewPages {
        attestation: sign(&index),
        page_url: page_url.replace("{root}", &root),
        first,
        checkpoint: log.map(|l| l.checkpoint.served.clone()),
    };
    let aggregate_env = sign(&statement(AttestationKind::Aggregate, None));
    Ok(Publication {
        brand_id: brand.id.clone(),
        root,
        issued_at: at,
        expires_at: expires.0,
        review_count: reviews.len() as u64,
        seq,
        index_json: serde_json::to_string_pretty(&embed).expect("serialises"),
        aggregate_json: serde_json::to_string_pretty(&aggregate_env).expect("serialises"),
        pages: files
            .iter()
            .map(|f| serde_json::to_string(f).expect("serialises"))
            .collect(),
    })
}

/// `publish --out DIR`: writes review-pages.json, page-N.json and aggregate.json.
pub fn write_dir(p: &Publication, dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let write = |name: String, body: &str| {
        std::fs::write(dir.join(&name), body)
            .with_context(|| format!("cannot write {}", dir.join(&name).display()))
    };
    write("review-pages.json".into(), &p.index_json)?;
    write("aggregate.json".into(), &p.aggregate_json)?;
    for (n, body) in p.pages.iter().enumerate() {
        write(format!("page-{n}.json"), body)?;
    }
    Ok(())
}
