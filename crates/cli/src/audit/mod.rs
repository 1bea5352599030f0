//! `trustctl audit LOG_URL`: downloads a collector's whole public log (its
//! checkpoint, every hash tile and entry bundle, as c2sp.org/tlog-tiles lays them
//! out), checks the checkpoint's signatures when given the keys, checks every
//! tile against the entries and the checkpoint's root (and a checkpoint seen
//! before against this one), and reports per brand what the log proves: reviews
//! published, reviews removed with their reasons, and every inconsistency.
//! `--json` for monitors. Exit 0 when the log is consistent, 1 when it is not.
//! With `--statement`, a review-pages statement's removal counts (the collector's
//! signed claim the widget shows) are checked against the log at its checkpoint.
//!
//! `source.rs` reads the log over HTTP(S) or from a local copy, `tiles.rs` checks
//! the tree, `leaves.rs` reads the entries per brand, `statements.rs` checks
//! statements against them, `report.rs` prints.

mod leaves;
mod report;
mod source;
mod statements;
mod tiles;

use anyhow::{Context, Result};
use trust_tlog::{Freshness, VerifierKey, WitnessPolicy};

use crate::exit::Refused;

const AFTER: &str = "\
Examples:
  trustctl audit https://collector.example/log/ --key 'collector.example/log+5ae6e66a+AT…' \\
      --witness 'w1.example+…' --witness 'w2.example+…' --k 2
  trustctl audit ./log-mirror --previous last-checkpoint.txt --json
  trustctl audit ./log-mirror --statement review-pages.json

LOG_URL is the log's tlog-tiles prefix (its checkpoint is LOG_URL/checkpoint), or
a directory holding a copy. Exit status: 0 consistent, 1 an inconsistency (each
is reported), 2 the log cannot be read.";

/// Audit a collector's public review log: every tile, entry and checkpoint.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The log's URL prefix (https://…/log/) or a local directory.
    log: String,
    /// The log's signed-note verifier key (`<name>+<key id>+<base64>`); without
    /// it the checkpoint's signature is not checked (and the report says so).
    #[arg(long)]
    key: Option<String>,
    /// A witness's cosignature verifier key (type 0x04); repeat for each.
    #[arg(long = "witness")]
    witnesses: Vec<String>,
    /// How many of the witnesses must have cosigned (default: all given).
    #[arg(long)]
    k: Option<usize>,
    /// A checkpoint note seen before (saved from an earlier audit or a widget):
    /// the log must be consistent with it.
    #[arg(long)]
    previous: Option<std::path::PathBuf>,
    /// A review-pages statement (the collector's envelope, or its
    /// review-pages.json): its checkpoint must be this log's and its removal
    /// counts those the log gives at that size. Repeat for each.
    #[arg(long = "statement")]
    statements: Vec<std::path::PathBuf>,
    /// The clock for cosignature freshness, RFC 3339 (default: now).
    #[arg(long)]
    at: Option<String>,
    /// The report as JSON.
    #[arg(long)]
    json: bool,
}

/// Cosignatures older than this make the checkpoint stale (as in the widget).
const MAX_AGE_SECONDS: u64 = trust_manifest::MAX_COSIGNATURE_AGE_SECONDS;

pub fn run(args: Args) -> Result<()> {
    let now = match &args.at {
        Some(at) => trust_manifest::Timestamp::parse(at).context("--at is not an RFC 3339 time")?,
        None => crate::io::now(),
    };
    let key = args
        .key
        .as_deref()
        .map(VerifierKey::parse)
        .transpose()
        .context("--key is not a verifier key")?;
    let witnesses = args
        .witnesses
        .iter()
        .map(|w| VerifierKey::parse(w))
        .collect::<Result<Vec<_>, _>>()
        .context("--witness is not a cosignature verifier key")?;
    let k = args.k.unwrap_or(witnesses.len());
    let policy = WitnessPolicy::new(witnesses, k).context("--witness/--k")?;
    let previous = args
        .previous
        .as_deref()
        .map(crate::io::read_input)
        .transpose()?;
    let fresh = Freshness {
        now: u64::try_from(now.0).unwrap_or(0),
        max_age: MAX_AGE_SECONDS,
        skew: trust_manifest::COSIGNATURE_SKEW_SECONDS,
    };
    let claims = args
        .statements
        .iter()
        .map(|p| Ok((p.display().to_string(), statements::read(p)?)))
        .collect::<Result<Vec<_>>>()?;
    let source = source::Source::new(&args.log);
    let audit = tiles::audit(&source, key.as_ref(), &policy, fresh, previous.as_deref())?;
    let brands = leaves::tally(&audit.entries);
    let mut problems = Vec::new();
    let checked = claims
        .iter()
        .map(|(name, s)| {
            statements::check(name, s, &audit.checkpoint, &audit.entries, &mut problems)
        })
        .collect();
    let report = report::Report::new(&audit, &brands, checked, problems);
    let text = if args.json {
        report.json()
    } else {
        report.text()
    };
    crate::io::write_output(None, text.as_bytes())?;
    if report.consistent() {
        Ok(())
    } else {
        Err(Refused(format!(
            "the log is inconsistent: {} problem(s)",
            report.problems()
        ))
        .into())
    }
}
