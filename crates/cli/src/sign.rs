//! `trustctl sign`: fills the freshness fields, embeds attestations, lints, and
//! signs the manifest into a DSSE envelope.
//!
//! The manifest is handled as a `serde_json::Value`, not as `Manifest`, so fields
//! this version does not know survive signing byte-for-byte in meaning (a newer
//! v1.x widget may read them).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use trust_manifest::{
    parse_duration, sha256_hex, sign_envelope, AttestationKind, SecretKey, Statement, Timestamp,
    ATTESTATION_PAYLOAD_TYPE, MANIFEST_PAYLOAD_TYPE, MAX_MANIFEST_VALIDITY_DAYS,
};

use crate::exit::Refused;
use crate::io;
use crate::lint::{self, Severity};

const AFTER: &str = "\
Fills spec, issued_at, expires_at, sequence and previous, embeds each --attach
envelope by its kind (review, certification, aggregate) and a review-pages.json
from `trustctl pages` as `review_pages`, lints, then signs.
Lint errors refuse signing (exit 1); warnings are printed and signing goes on.

Examples:
  trustctl sign --key brand.key manifest.json -o trust-manifest.json
  trustctl sign --key brand.key --previous old/trust-manifest.json \\
      --attach reviews.dsse.json manifest.json -o trust-manifest.json
  trustctl sign --key brand.key --now 2026-11-22T10:00:00Z --expires-in 14d manifest.json
  trustctl sign --key brand.key --report manifest.json -o trust-manifest.json";

/// Sign a manifest into a DSSE envelope.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The brand's secret key (from `trustctl keygen`).
    #[arg(long, value_name = "NAME.key")]
    key: PathBuf,
    /// Validity from issued_at: e.g. 7d, 36h (at most 90d).
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    expires_in: String,
    /// The sequence number (default: the previous one + 1, else the manifest's own, else 1).
    #[arg(long, value_name = "N")]
    sequence: Option<u64>,
    /// The envelope this one replaces: sets `previous` and the next sequence.
    #[arg(long, value_name = "OLD_ENVELOPE")]
    previous: Option<PathBuf>,
    /// A file with one attestation envelope or an array of them (repeatable).
    #[arg(long, value_name = "FILE")]
    attach: Vec<PathBuf>,
    /// Signing time instead of the system clock (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = io::parse_timestamp)]
    now: Option<Timestamp>,
    /// The unsigned manifest (`-` for stdin).
    #[arg(value_name = "MANIFEST.json")]
    manifest: PathBuf,
    /// Where to write the envelope (default: stdout).
    #[arg(short, long, value_name = "OUT")]
    out: Option<PathBuf>,
    /// After signing, print `trustctl report`'s text report to stderr.
    #[arg(long)]
    report: bool,
    #[command(flatten)]
    claims: crate::claims::ClaimArgs,
}

pub fn run(args: Args) -> Result<()> {
    let secret = io::read_secret_key(&args.key)?;
    let doc = io::read_json(&args.manifest)?;
    let options = Options {
        expires_in: &args.expires_in,
        sequence: args.sequence,
        previous: args.previous.as_deref(),
        attach: &args.attach,
        now: args.now,
        claims: &args.claims,
    };
    let signed = sign_document(doc, &secret, &options, &args.manifest.display().to_string())?;
    io::write_output(args.out.as_deref(), &io::to_pretty(&signed.envelope))?;
    if let Some(out) = &args.out {
        eprintln!(
            "signed {} sequence {}, expires {}, key {}",
            out.display(),
            signed.sequence,
            signed.expires_at,
            secret.public().key_id()
        );
    }
    if args.report {
        // Judged at the signing time, so it describes what was just signed.
        eprint!(
            "\n{}",
            crate::report::text_for_signed(&signed.payload, &signed.claims)?
        );
    }
    Ok(())
}

/// How to sign: `trustctl sign`'s options, also filled by `trustctl studio`.
pub struct Options<'a> {
    pub expires_in: &'a str,
    pub sequence: Option<u64>,
    pub previous: Option<&'a Path>,
    pub attach: &'a [PathBuf],
    pub now: Option<Timestamp>,
    pub claims: &'a crate::claims::ClaimArgs,
}

/// A manifest just signed.
pub struct Signed {
    pub envelope: trust_manifest::Envelope,
    pub payload: Value,
    pub sequence: u64,
    pub expires_at: Timestamp,
    pub claims: crate::claims::ClaimCheck,
}

/// The one signing path (`sign` and the studio's "Sign"): attachments, freshness
/// fields, lint (errors refuse), then the DSSE envelope. `what` names the input.
pub fn sign_document(
    mut doc: Value,
    secret: &SecretKey,
    args: &Options<'_>,
    what: &str,
) -> Result<Signed> {
    let map = io::expect_object(&mut doc, what)?;
    if map.contains_key("payloadType") {
        bail!("{what} is already a signed envelope; sign the unsigned manifest (and pass this one with --previous)");
    }

    for file in args.attach {
        attach(map, file)?;
    }

    let validity = parse_duration(args.expires_in).with_context(|| {
        format!(
            "--expires-in {:?} is not a duration; write e.g. 7d, 36h or 90m",
            args.expires_in
        )
    })?;
    if validity > MAX_MANIFEST_VALIDITY_DAYS * 86_400 {
        bail!(
            "--expires-in {} is longer than {MAX_MANIFEST_VALIDITY_DAYS}d: manifests expire in days, not years, so a stale or stolen one stops working soon; re-sign on a schedule instead",
            args.expires_in
        );
    }
    let issued_at = args.now.unwrap_or_else(io::now);
    let previous = args.previous.map(read_previous).transpose()?;
    let sequence = sequence(args.sequence, map, previous.as_ref())?;

    if !map.contains_key("spec") {
        map.insert("spec".into(), json!("1"));
    }
    map.insert("issued_at".into(), json!(issued_at.to_string()));
    let expires_at = issued_at.plus_seconds(validity);
    map.insert("expires_at".into(), json!(expires_at.to_string()));
    map.insert("sequence".into(), json!(sequence));
    if let Some(p) = &previous {
        if let (Some(old), Some(new)) = (&p.issuer, map.get("issuer").and_then(|i| i.get("id"))) {
            if old != new {
                bail!("--previous is a manifest of issuer {old}, this one is {new}; pass the same brand's last envelope");
            }
        }
        map.insert("previous".into(), json!(p.sha256));
    }

    // The key signing now is a root attestations may be bound to; a key-set brand
    // names its other roots with --root.
    let mut claims = args.claims.load(issued_at)?;
    claims.roots.push(secret.public());
    lint_or_refuse(&doc, issued_at, &claims)?;

    // Compact: the payload is for machines, and its exact bytes are what is signed.
    let payload = serde_json::to_vec(&doc).expect("JSON values always serialise");
    let envelope = sign_envelope(MANIFEST_PAYLOAD_TYPE, &payload, &[secret]);
    Ok(Signed {
        envelope,
        payload: doc,
        sequence,
        expires_at,
        claims,
    })
}

/// Lints a manifest about to be signed (freshness fields filled): warnings are
/// printed, errors refuse signing (exit 1). `publish` signs through this too.
pub fn lint_or_refuse(
    doc: &Value,
    at: Timestamp,
    claims: &crate::claims::ClaimCheck,
) -> Result<()> {
    let findings = lint::lint_document(doc, at, true, claims);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    for f in &findings {
        eprintln!("{f}");
    }
    if errors > 0 {
        return Err(Refused(format!(
            "not signed: lint found {errors} error(s); fix them and sign again"
        ))
        .into());
    }
    Ok(())
}

/// What the new manifest takes from the one it replaces.
struct Previous {
    sha256: String,
    sequence: u64,
    issuer: Option<Value>,
}

fn read_previous(path: &Path) -> Result<Previous> {
    let what = format!("--previous {}", path.display());
    let envelope = io::envelope_from(&io::read_json(path)?, &what)?;
    if envelope.payload_type != MANIFEST_PAYLOAD_TYPE {
        bail!(
            "{what} is a {:?} envelope, not a signed manifest",
            envelope.payload_type
        );
    }
    let payload = io::unverified_payload(&envelope, &what)?;
    let old: Value = serde_json::from_slice(&payload)
        .with_context(|| format!("{what}: the payload is not JSON"))?;
    let sequence = old
        .get("sequence")
        .and_then(Value::as_u64)
        .with_context(|| format!("{what}: the payload has no numeric sequence"))?;
    Ok(Previous {
        sha256: sha256_hex(&payload),
        sequence,
        issuer: old.get("issuer").and_then(|i| i.get("id")).cloned(),
    })
}

fn sequence(
    given: Option<u64>,
    map: &Map<String, Value>,
    previous: Option<&Previous>,
) -> Result<u64> {
    let own = map.get("sequence").and_then(Value::as_u64);
    let next = match (given, previous) {
        (Some(n), _) => n,
        (None, Some(p)) => p
            .sequence
            .checked_add(1)
            .context("the previous sequence is at its maximum")?,
        (None, None) => own.unwrap_or(1),
    };
    if let Some(p) = previous {
        if next <= p.sequence {
            bail!(
                "sequence {next} is not greater than the previous manifest's {}; widgets would refuse it as a rollback (omit --sequence to use {})",
                p.sequence,
                p.sequence + 1
            );
        }
    }
    Ok(next)
}

/// Embeds the envelopes of one `--attach` file where their statements' kinds belong.
fn attach(map: &mut Map<String, Value>, file: &Path) -> Result<()> {
    let value = io::read_json(file)?;
    // `review-pages.json` from `trustctl pages`: the page index, URL and page 0.
    if value.get("attestation").is_some() && value.get("page_url").is_some() {
        if map.contains_key("review_pages") {
            bail!("the manifest already has review_pages; attach one review-pages.json");
        }
        map.insert("review_pages".into(), value);
        return Ok(());
    }
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    for (i, item) in items.into_iter().enumerate() {
        let what = format!("--attach {} item {i}", file.display());
        let envelope = io::envelope_from(&item, &what)?;
        if envelope.payload_type != ATTESTATION_PAYLOAD_TYPE {
            bail!(
                "{what} has payload type {:?}, not an attestation ({ATTESTATION_PAYLOAD_TYPE})",
                envelope.payload_type
            );
        }
        // Unverified on purpose: the verifier checks it against the trust list;
        // here it only says where the envelope goes.
        let statement: Statement = io::decode_strict(&io::unverified_payload(&envelope, &what)?)
            .map_err(|e| anyhow::anyhow!("{what}: the payload is not a v1 statement: {e}"))?;
        let (field, entry) = match statement.kind {
            AttestationKind::Review => ("reviews", json!({ "attestation": item })),
            AttestationKind::Certification => ("certifications", json!({ "attestation": item })),
            AttestationKind::Aggregate => ("aggregates", item),
            AttestationKind::ReviewPages => bail!("{what}: a review-pages statement is attached as the review-pages.json `trustctl pages` writes"),
            AttestationKind::Other => bail!("{what}: unknown statement kind; this trustctl knows review, certification and aggregate"),
        };
        let list = map.entry(field).or_insert_with(|| Value::Array(Vec::new()));
        match list {
            Value::Array(list) => list.push(entry),
            _ => bail!("the manifest's `{field}` is not an array"),
        }
    }
    Ok(())
}
