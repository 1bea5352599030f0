//! `trustctl verify`: the same checks the widget makes, with a summary of what
//! a shopper would see and what was dropped.

mod page_files;
mod summary;

use std::path::PathBuf;

use anyhow::Result;
use clap::ArgGroup;
use serde::Serialize;
use trust_manifest::{
    verify_key_set, verify_manifest, BrandKeys, Error, Limits, Origin, PublicKey, Timestamp,
    TrustList, TrustedKeys, VerifiedManifest, VerifyOptions,
};

use crate::exit::{rejected, Expiring};
use crate::io;
use summary::Report;

const AFTER: &str = "\
Exit status 0 when the brand's signature, freshness and sequence check out;
claims that fail their own check are listed as dropped and do not fail it.
On failure: `error: <reason-code>: <message>` on stderr and exit status 1.
With --warn-expiring DURATION: exit status 3 when it verifies but expires within
DURATION (`warning: …` on stderr after the summary), for monitoring a publisher.

Examples:
  trustctl verify --key brand.pub trust-manifest.json
  trustctl verify --key ed25519:BASE64 --trust attesters.json --json trust-manifest.json
  trustctl verify --keys trust-keys.json --key root.pub --at 2026-11-23T00:00:00Z trust-manifest.json
  trustctl verify --key brand.pub --trust attesters.json --pages pages trust-manifest.json
  trustctl verify --key brand.pub --warn-expiring 3d site/.well-known/trust-manifest.json";

/// Verify a signed manifest and summarise it.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Also check every review page file in DIR (from `trustctl pages`) against
    /// the manifest's page index, as the widget checks each page it fetches.
    #[arg(long, value_name = "DIR")]
    pages: Option<PathBuf>,
    /// Exit 3 (after the summary) when the manifest verifies but expires within
    /// DURATION (e.g. 3d), so monitoring notices a publisher that stopped.
    #[arg(long, value_name = "DURATION")]
    warn_expiring: Option<String>,
}

/// What verification needs, shared by every command that reads a signed manifest
/// (`verify`, `jsonld`, `render`).
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("brand_keys").args(["key", "keys"]).required(true).multiple(true)))]
pub struct Inputs {
    /// A brand key: a .pub file or "ed25519:<base64>" (repeatable). With --keys,
    /// it pins the key set's root instead.
    #[arg(long, value_name = "NAME.pub|ed25519:BASE64")]
    key: Vec<String>,
    /// The brand's key set (trust-keys.json); its current keys may sign.
    #[arg(long, value_name = "trust-keys.json")]
    keys: Option<PathBuf>,
    /// Trusted attesters (attesters.json): review collectors, certification bodies.
    #[arg(long, value_name = "ATTESTERS.json")]
    trust: Option<PathBuf>,
    /// Verify as of this time instead of now (RFC 3339).
    #[arg(long, alias = "now", value_name = "RFC3339", value_parser = io::parse_timestamp)]
    pub at: Option<Timestamp>,
    /// The highest sequence already seen for this issuer (rollback check).
    #[arg(long, value_name = "N")]
    last_sequence: Option<u64>,
    /// The origin of the page that will show it (e.g. https://shop.example): checked
    /// against the issuer's website and allowed_origins, as the widget checks the
    /// page it runs on. Without it the file is judged on its own.
    #[arg(long, value_name = "URL")]
    origin: Option<String>,
    /// The signed envelope (`-` for stdin).
    #[arg(value_name = "ENVELOPE")]
    envelope: PathBuf,
}

impl Inputs {
    /// Whether the brand's keys come from a key set (`--keys`) rather than pinned.
    pub fn uses_key_set(&self) -> bool {
        self.keys.is_some()
    }

    /// Reads every input first (an unreadable file is an I/O error, exit 2), then
    /// verifies; the inner result is the verification's (exit 1 on failure).
    pub fn verify(&self) -> Result<Result<VerifiedManifest, Error>> {
        let given: Vec<PublicKey> = self
            .key
            .iter()
            .map(|k| io::read_public_key(k))
            .collect::<Result<_>>()?;
        let trust = match &self.trust {
            Some(path) => TrustList::from_json(&io::read_input(path)?).map_err(|e| {
                anyhow::anyhow!("{} is not a usable attesters.json: {e}", path.display())
            })?,
            None => TrustList::empty(),
        };
        let key_set_json = self.keys.as_deref().map(io::read_input).transpose()?;
        let envelope = io::read_input(&self.envelope)?;
        Ok(self
            .brand(key_set_json.as_deref(), &given)
            .and_then(|brand| self.check(&envelope, &brand, &trust)))
    }

    /// The brand's keys and roots: the key set's chain (pinned at a `--key` root,
    /// if any), or the `--key`s themselves, each its own root.
    fn brand(&self, key_set_json: Option<&[u8]>, given: &[PublicKey]) -> Result<BrandKeys, Error> {
        match key_set_json {
            Some(json) => key_set(json, given).map(|set| BrandKeys::from_key_set(&set)),
            None => BrandKeys::pinned(given).ok_or(Error::UnknownKey),
        }
    }

    fn check(
        &self,
        envelope: &[u8],
        brand: &BrandKeys,
        trust: &TrustList,
    ) -> Result<VerifiedManifest, Error> {
        let origin = self.origin.as_deref().map(origin_of);
        verify_manifest(
            envelope,
            &VerifyOptions {
                brand,
                trust,
                now: self.at.unwrap_or_else(io::now),
                origin: origin.as_deref().map_or(Origin::Offline, Origin::Page),
                seen: &|_, _| self.last_sequence,
                limits: Limits::default(),
            },
        )
    }
}

/// `https://shop.example/any/path` → `https://shop.example`, as a page's origin.
fn origin_of(url: &str) -> String {
    trust_manifest::url::origin_of(url).map_or_else(|| url.to_owned(), str::to_owned)
}

pub fn run(args: Args) -> Result<()> {
    let window = args
        .warn_expiring
        .as_deref()
        .map(|d| {
            trust_manifest::parse_duration(d).ok_or_else(|| {
                anyhow::anyhow!("--warn-expiring {d:?} is not a duration; write e.g. 3d or 36h")
            })
        })
        .transpose()?;
    let at = args.inputs.at.unwrap_or_else(io::now);
    let verified = args.inputs.verify()?;
    let expires = verified.as_ref().ok().map(|v| v.expires_at());
    summarise(&args, verified)?;
    match (window, expires) {
        (Some(window), Some(expires)) if expires.0 - at.0 <= window => Err(Expiring(format!(
            "the manifest expires at {expires}, within --warn-expiring {} of {at}; re-sign it (`trustctl publish`)",
            args.warn_expiring.as_deref().unwrap_or_default()
        ))
        .into()),
        _ => Ok(()),
    }
}

/// Prints the summary (and the page check); the verification's outcome.
fn summarise(args: &Args, verified: Result<VerifiedManifest, Error>) -> Result<()> {
    let pages = match (&verified, &args.pages) {
        (Ok(v), Some(dir)) => Some(page_files::check_dir(v, dir)?),
        _ => None,
    };
    let result = verified.map(|v| Report::new(&v));
    match result {
        Ok(report) if args.json => {
            match &pages {
                // The report's own fields, in order, then `pages`.
                Some(p) => io::write_output(
                    None,
                    &io::to_pretty(&serde_json::json!({ "report": report, "pages": p })),
                )?,
                None => io::write_output(None, &io::to_pretty(&report))?,
            }
            pages.map_or(Ok(()), |p| p.outcome())
        }
        Ok(report) => {
            let mut text = report.to_text();
            if let Some(p) = &pages {
                text.push_str(&p.to_text());
            }
            io::write_output(None, text.as_bytes())?;
            pages.map_or(Ok(()), |p| p.outcome())
        }
        Err(e) => {
            if args.json {
                let failed = Failed {
                    verified: false,
                    error: Reason {
                        code: e.code(),
                        message: e.to_string(),
                    },
                };
                io::write_output(None, &io::to_pretty(&failed))?;
            }
            Err(rejected(e))
        }
    }
}

/// `--json` output on failure: the same `verified` field as the success report.
#[derive(Serialize)]
struct Failed {
    verified: bool,
    error: Reason,
}

#[derive(Serialize)]
struct Reason {
    code: &'static str,
    message: String,
}

/// The key set's current keys. Each `--key` is tried as the pinned root; with
/// none, the chain is trusted from its first version (as the widget does when it
/// fetches `/.well-known/trust-keys.json` over HTTPS).
fn key_set(json: &[u8], roots: &[PublicKey]) -> Result<TrustedKeys, Error> {
    if roots.is_empty() {
        return verify_key_set(json, None);
    }
    let mut last = None;
    for root in roots {
        match verify_key_set(json, Some(root)) {
            Ok(set) => return Ok(set),
            Err(e) => last = Some(e),
        }
    }
    Err(last.expect("at least one root was tried"))
}
