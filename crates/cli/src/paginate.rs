//! `trustctl pages`: what a review collector runs to publish a brand's reviews in
//! pages (ARCHITECTURE.md, "Paged reviews"). It splits the reviews into pages,
//! builds the Merkle tree over them (RFC 6962 hashing), signs one statement with
//! the aggregate and the root, and writes each page file with its inclusion proof,
//! plus `review-pages.json` for the brand to embed (`trustctl sign --attach`),
//! carrying page 0 inline. `trustctl verify --pages DIR` checks the files.

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use trust_manifest::{
    is_page_url_template, page_files, parse_duration, sign_envelope, Limits, Review, Timestamp,
    ATTESTATION_PAYLOAD_TYPE, MAX_CURRENT_STATEMENT_DAYS, MAX_PAGE_SIZE,
};

use crate::exit::Refused;
use crate::io;

const AFTER: &str = "\
Input: a JSON array of reviews (schema.org Review, as in a manifest's `review`).
Output in --out-dir: page-0.json, page-1.json, … (each with its inclusion proof)
and review-pages.json: the signed page index, the URL template and page 0 inline,
for the brand to embed with `trustctl sign --attach review-pages.json`. Serve the
page files where the URL template (resolved against the manifest's URL) points.

Examples:
  trustctl pages --key collector.key --brand northwind-outdoor --root brand-root.pub reviews.json --out-dir pages
  trustctl pages --key collector.key --brand northwind-outdoor --root ed25519:BASE64 --product tent-2p \\
      --page-size 20 --url 'reviews/tent-2p/page-{n}.json' reviews.json --out-dir out
  trustctl verify --key brand.pub --trust attesters.json --pages out trust-manifest.json";

/// Publish reviews in pages: Merkle root signed with the aggregate, one file per page.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The collector's secret key (from `trustctl keygen`).
    #[arg(long, value_name = "COLLECTOR.key")]
    key: PathBuf,
    /// The brand's issuer id (the statement's subject, informative).
    #[arg(long, value_name = "ID")]
    brand: String,
    /// The brand's key-set root, a .pub file or "ed25519:<base64>": the statement is
    /// bound to it and counts only where that root verifies the brand's manifest.
    #[arg(long, value_name = "ROOT.pub|ed25519:BASE64")]
    root: String,
    /// The product every review is about, if they are about one.
    #[arg(long, value_name = "ID")]
    product: Option<String>,
    /// Reviews per page.
    #[arg(long, value_name = "N", default_value_t = 20)]
    page_size: u32,
    /// Where the pages are, `{n}` the page number; relative to the manifest's URL.
    #[arg(long, value_name = "TEMPLATE", default_value = "reviews/page-{n}.json")]
    url: String,
    /// Signing time instead of the system clock (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = io::parse_timestamp)]
    now: Option<Timestamp>,
    /// How long the page index is shown: e.g. 7d (at most 31d; re-publish before).
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    expires_in: String,
    /// The reviews (`-` for stdin).
    #[arg(value_name = "REVIEWS.json")]
    reviews: PathBuf,
    /// Where to write the page files and review-pages.json.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let key = io::read_secret_key(&args.key)?;
    if args.page_size == 0 || args.page_size > MAX_PAGE_SIZE {
        bail!("--page-size must be 1 to {MAX_PAGE_SIZE}");
    }
    if !is_page_url_template(&args.url) {
        bail!("--url must be a relative or https URL with exactly one {{n}} (the page number)");
    }
    let now = args.now.unwrap_or_else(io::now);
    let validity = parse_duration(&args.expires_in)
        .with_context(|| format!("{:?} is not a duration (write e.g. 7d)", args.expires_in))?;
    if validity > MAX_CURRENT_STATEMENT_DAYS * 86_400 {
        bail!("--expires-in is longer than {MAX_CURRENT_STATEMENT_DAYS}d: verifiers would not show the index");
    }
    let root = io::read_public_key(&args.root)?;
    let reviews = match io::read_json(&args.reviews)? {
        Value::Array(items) => items,
        _ => bail!("{} must be a JSON array of reviews", args.reviews.display()),
    };
    if reviews.is_empty() {
        bail!("{} holds no reviews", args.reviews.display());
    }

    // Each review as the widget will read it; the histogram from what is signed.
    let mut histogram = [0u64; 5];
    for (i, r) in reviews.iter().enumerate() {
        let bytes = serde_json::to_vec(r).expect("JSON values always serialise");
        let review: Review = io::decode_strict(&bytes)
            .map_err(|e| Refused(format!("review {i} is not a v1 review: {e}")))?;
        if !review.rating.in_scale() {
            return Err(Refused(format!(
                "review {i}: rating {} is outside {}..={}",
                review.rating.value, review.rating.worst, review.rating.best
            ))
            .into());
        }
        histogram[usize::from(review.rating.stars()) - 1] += 1;
    }

    // Pages, their leaf bytes (the `page` text), the tree and every proof.
    let size = args.page_size as usize;
    let texts: Vec<String> = reviews
        .chunks(size)
        .enumerate()
        .map(|(n, chunk)| {
            serde_json::to_string(&json!({ "index": n, "reviews": chunk }))
                .expect("JSON values always serialise")
        })
        .collect();
    let page_count = texts.len();
    let (root_hex, files) = page_files(texts);

    let mut statement = json!({
        "spec": "1",
        "kind": "review-pages",
        "subject": { "brand": args.brand, "root": root.to_string() },
        "issued_at": now.to_string(),
        "expires_at": now.plus_seconds(validity).to_string(),
        "aggregate": {
            "ratingCount": reviews.len(),
            "histogram": histogram,
            "asOf": now.date().to_string(),
        },
        "pages": {
            "page_size": args.page_size,
            "pages": page_count,
            "root": root_hex,
        },
    });
    if let Some(p) = &args.product {
        statement["subject"]["product"] = json!(p);
    }
    let payload = serde_json::to_vec(&statement).expect("JSON values always serialise");
    let envelope = sign_envelope(ATTESTATION_PAYLOAD_TYPE, &payload, &[&key]);

    fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
    let limits = Limits::default();
    let mut first = None;
    let mut longest = 0;
    for (n, file) in files.into_iter().enumerate() {
        longest = longest.max(file.proof.len());
        let file = serde_json::to_value(file).expect("a page file serialises");
        let bytes = serde_json::to_vec(&file).expect("JSON values always serialise");
        if bytes.len() > limits.page_bytes {
            return Err(Refused(format!(
                "page {n} is {} bytes, over the {} verifiers accept; lower --page-size",
                bytes.len(),
                limits.page_bytes
            ))
            .into());
        }
        fs::write(args.out_dir.join(file_name(&args.url, n)), &bytes)
            .with_context(|| format!("cannot write page {n}"))?;
        if n == 0 {
            first = Some(file);
        }
    }
    let mut first = first.expect("at least one page");
    // Inline, page 0's text is a string of the manifest: within the manifest's limit.
    let written = serde_json::to_string(&first["page"]).expect("a string serialises");
    let inline = written.len() - 2 <= limits.string_bytes;
    if !inline {
        eprintln!(
            "warning: page 0 is {} bytes as a JSON string, over the manifest's {}; it is not \
             inlined (widgets fetch it); lower --page-size to inline it",
            written.len() - 2,
            limits.string_bytes
        );
        first = Value::Null;
    }
    let mut embed = json!({ "attestation": envelope, "page_url": args.url });
    if inline {
        embed["first"] = first;
    }
    let index_path = args.out_dir.join("review-pages.json");
    io::write_output(Some(&index_path), &io::to_pretty(&embed))?;
    let pages = reviews.len().div_ceil(size);
    println!(
        "paged {} reviews into {pages} pages of {} (proofs up to {longest} hashes), root {root_hex}",
        reviews.len(),
        args.page_size
    );
    println!(
        "wrote {} and {pages} page files{}",
        index_path.display(),
        if started.elapsed().as_secs() >= 5 {
            format!(" in {:.1} s", started.elapsed().as_secs_f32())
        } else {
            String::new()
        }
    );
    Ok(())
}

/// The file name of page `n`: the template's last path segment, filled in
/// (`verify --pages DIR` looks for the files under the same names).
pub fn file_name(template: &str, n: usize) -> String {
    let last = template
        .split(['?', '#'])
        .next()
        .unwrap_or(template)
        .rsplit('/')
        .next()
        .unwrap_or(template);
    last.replace("{n}", &n.to_string())
}
