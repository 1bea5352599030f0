//! `trustctl publish`: what a brand runs from cron, a systemd timer or CI so its
//! manifest never expires. It merges the collector's latest review pages, signs
//! with a sequence derived from time (previous.rs), verifies the result as the
//! widget will (signature, freshness, every attestation against the trust list,
//! every page file against the signed root), and only then replaces DIR whole
//! (site.rs). A failure at any step leaves the published files as they were.

mod collector;
mod previous;
mod site;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::json;
use trust_manifest::{
    parse_duration, sign_envelope, verify_key_set, verify_manifest, BrandKeys, Limits, Origin,
    Timestamp, TrustList, VerifyOptions, MANIFEST_PAYLOAD_TYPE, MAX_MANIFEST_VALIDITY_DAYS,
};

use crate::claims::ClaimCheck;
use crate::exit::{rejected, Refused};
use crate::io;
use site::SiteFile;

const AFTER: &str = "\
Writes DIR/.well-known/trust-manifest.json, and DIR/.well-known/trust-keys.json
with --keys, and the review page files when the collector's page URL is relative
(reviews/page-{n}.json lands in DIR/.well-known/reviews/). DIR holds only these:
serve DIR/.well-known/ as your site's /.well-known/.

With --renew-before, nothing is written while the published manifest, and every
collector statement it embeds, stays valid longer than DURATION and the new one
would say the same: run it hourly and it signs only when needed.

Exit status: 0 published or nothing to do; 1 the result would not verify (nothing
written); 2 an input is missing or unreadable, or the collector does not answer.

Examples:
  trustctl publish --key brand.key --manifest manifest.json --out site
  trustctl publish --key brand.key --manifest manifest.json --out site \\
      --collector https://collector.example/v1/brands/northwind-outdoor/ --trust attesters.json \\
      --renew-before 2d";

/// Sign and publish the manifest (with the collector's latest reviews) into DIR.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The brand's secret key (from `trustctl keygen`).
    #[arg(long, value_name = "NAME.key")]
    key: PathBuf,
    /// The unsigned manifest.
    #[arg(long, value_name = "MANIFEST.json")]
    manifest: PathBuf,
    /// The directory to publish into (replaced whole).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The collector's output: its brand URL (…/v1/brands/ID/) or a directory
    /// from `trust-collector publish --out`.
    #[arg(long, value_name = "URL|DIR")]
    collector: Option<String>,
    /// Trusted attesters (the attesters.json the embed uses): needed with --collector.
    #[arg(long, value_name = "ATTESTERS.json")]
    trust: Option<PathBuf>,
    /// The brand's key set, published as trust-keys.json and used to verify.
    #[arg(long, value_name = "trust-keys.json")]
    keys: Option<PathBuf>,
    /// Leave DIR untouched while what is published stays valid longer than this (e.g. 2d).
    #[arg(long, value_name = "DURATION")]
    renew_before: Option<String>,
    /// Validity of the new manifest (at most 90d).
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    expires_in: String,
    /// Signing time instead of the system clock (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = io::parse_timestamp)]
    now: Option<Timestamp>,
}

pub fn run(args: Args) -> Result<()> {
    let secret = io::read_secret_key(&args.key)?;
    let now = args.now.unwrap_or_else(io::now);
    let validity = duration("--expires-in", &args.expires_in)?;
    if validity > MAX_MANIFEST_VALIDITY_DAYS * 86_400 {
        bail!(
            "--expires-in {} is longer than {MAX_MANIFEST_VALIDITY_DAYS}d",
            args.expires_in
        );
    }
    let renew_before = args
        .renew_before
        .as_deref()
        .map(|d| duration("--renew-before", d))
        .transpose()?;
    let mut doc = io::read_json(&args.manifest)?;
    let what = args.manifest.display().to_string();
    if io::expect_object(&mut doc, &what)?.contains_key("payloadType") {
        bail!("{what} is a signed envelope; publish signs the unsigned manifest");
    }
    let trust = match &args.trust {
        Some(p) => TrustList::from_json(&io::read_input(p)?)
            .map_err(|e| anyhow::anyhow!("{} is not a usable attesters.json: {e}", p.display()))?,
        None if args.collector.is_some() => bail!(
            "--collector needs --trust ATTESTERS.json (the attester list the embed uses): the collector's statements are checked as the widget checks them"
        ),
        None => TrustList::empty(),
    };
    let key_set = args.keys.as_deref().map(io::read_input).transpose()?;
    let brand = match &key_set {
        Some(json) => BrandKeys::from_key_set(
            &verify_key_set(json, None).map_err(|e| anyhow::anyhow!("--keys: {e}"))?,
        ),
        None => BrandKeys::pinned(&[secret.public()]).expect("one key"),
    };
    let collector = args.collector.as_deref().map(collector::read).transpose()?;
    if let Some(c) = &collector {
        doc["review_pages"] = c.index.clone();
    }
    if doc.get("spec").is_none() {
        doc["spec"] = json!("1");
    }

    let manifest_path = args.out.join(".well-known/trust-manifest.json");
    let published = previous::read(&manifest_path)?;
    if let (Some(window), Some(p)) = (renew_before, &published) {
        let still_verifies = check(&p.envelope, &brand, &trust, now, None).is_ok();
        if still_verifies
            && p.whole_until.0 - now.0 > window
            && previous::same_content(&doc, &p.payload)
        {
            println!(
                "{} is unchanged and whole until {} (more than {} from now): nothing to publish",
                manifest_path.display(),
                p.whole_until,
                args.renew_before.as_deref().unwrap_or_default()
            );
            return Ok(());
        }
    }

    let sequence = previous::next_sequence(now, published.as_ref());
    doc["issued_at"] = json!(now.to_string());
    doc["expires_at"] = json!(now.plus_seconds(validity).to_string());
    doc["sequence"] = json!(sequence);
    if let Some(p) = &published {
        doc["previous"] = json!(p.sha256);
    }
    let claims = ClaimCheck {
        roots: brand.roots().to_vec(),
        trust: args.trust.is_some().then(|| trust.clone()),
        now,
    };
    crate::sign::lint_or_refuse(&doc, now, &claims)?;
    let payload = serde_json::to_vec(&doc).expect("JSON values always serialise");
    let envelope = io::to_pretty(&sign_envelope(MANIFEST_PAYLOAD_TYPE, &payload, &[&secret]));

    // Exactly the widget's checks, before anything is written.
    let seen = published.as_ref().map(|p| p.sequence);
    let verified = check(&envelope, &brand, &trust, now, seen).map_err(rejected)?;
    if let Some(d) = verified.dropped().first() {
        return Err(Refused(format!(
            "not published: the widget would drop a claim ({:?}: {}: {}); nothing was written",
            d.claim,
            d.error.code(),
            d.error
        ))
        .into());
    }
    let mut files = vec![SiteFile {
        path: PathBuf::from(".well-known/trust-manifest.json"),
        bytes: envelope,
    }];
    if let Some(json) = key_set {
        files.push(SiteFile {
            path: PathBuf::from(".well-known/trust-keys.json"),
            bytes: json,
        });
    }
    let mut pages_note = String::new();
    if let Some(c) = &collector {
        let (n, page_files) = pages(&verified, c)?;
        pages_note = format!(", {n} review pages verified");
        files.extend(page_files);
    }
    site::replace(&args.out, &files)?;
    println!(
        "published {}: sequence {sequence}, expires {}{pages_note}; wrote {} file{}",
        manifest_path.display(),
        now.plus_seconds(validity),
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    // Re-signing cannot extend what a collector signed: say so while it is
    // still shown, not after the reviews disappear.
    let whole = previous::whole_until(&doc).expect("expires_at was just set");
    if let Some(window) = renew_before {
        if whole.0 < now.plus_seconds(validity).0 && whole.0 - now.0 <= window {
            eprintln!(
                "warning: an embedded collector statement expires at {whole}, within --renew-before {}; \
                 the collector re-signs daily: check that --collector reaches its latest output",
                args.renew_before.as_deref().unwrap_or_default()
            );
        }
    }
    Ok(())
}

fn duration(flag: &str, s: &str) -> Result<i64> {
    parse_duration(s)
        .with_context(|| format!("{flag} {s:?} is not a duration; write e.g. 2d, 36h or 90m"))
}

/// The widget's verification, offline (the page's origin is the host's concern).
fn check(
    envelope: &[u8],
    brand: &BrandKeys,
    trust: &TrustList,
    now: Timestamp,
    seen: Option<u64>,
) -> Result<trust_manifest::VerifiedManifest, trust_manifest::Error> {
    verify_manifest(
        envelope,
        &VerifyOptions {
            brand,
            trust,
            now,
            origin: Origin::Offline,
            seen: &|_, _| seen,
            limits: Limits::default(),
        },
    )
}

/// Every page checked against the signed root, as the widget checks each page
/// it fetches; the files to serve when the page URL is relative to the manifest.
fn pages(
    v: &trust_manifest::VerifiedManifest,
    c: &collector::Output,
) -> Result<(u64, Vec<SiteFile>)> {
    let Some(index) = v.review_pages() else {
        bail!("the collector's review pages did not verify");
    };
    let limits = Limits::default();
    if c.pages.len() as u64 != index.pages() {
        return Err(Refused(format!(
            "not published: the collector gave {} page files for an index of {}",
            c.pages.len(),
            index.pages()
        ))
        .into());
    }
    let mut files = Vec::new();
    for (n, bytes) in c.pages.iter().enumerate() {
        let n = n as u64;
        if let Err(e) = v.review_page(n, bytes, &limits) {
            return Err(Refused(format!(
                "not published: page {n}: {}: {e}; nothing was written",
                e.code()
            ))
            .into());
        }
        let url = index.url(n);
        if let Some(path) = served_path(&url)? {
            files.push(SiteFile {
                path,
                bytes: bytes.clone(),
            });
        }
    }
    Ok((index.pages(), files))
}

/// Where a page URL relative to `/.well-known/trust-manifest.json` is served
/// from within DIR; `None` for an absolute URL (the collector serves it).
fn served_path(url: &str) -> Result<Option<PathBuf>> {
    if url.contains("://") || url.starts_with("//") {
        return Ok(None);
    }
    let clean = url.split(['?', '#']).next().unwrap_or(url);
    let path = match clean.strip_prefix('/') {
        Some(rooted) => PathBuf::from(rooted),
        None => Path::new(".well-known").join(clean),
    };
    if !site::inside(&path) {
        return Err(Refused(format!(
            "not published: the page URL {url:?} leaves the published directory"
        ))
        .into());
    }
    Ok(Some(path))
}
