//! `trustctl lint`: findings the brand can fix before shoppers see the result.
//!
//! Errors are what a verifier would refuse, what the widget would silently drop,
//! or what the law forbids showing (unbacked sustainability labels). Warnings are
//! what the widget shows less well than the brand probably hopes (an expired
//! certificate is shown as expired, a review without a purchase check is disclosed
//! as unchecked). Each finding names a JSON pointer into the manifest.

mod markets;
mod rules;
mod urls;

use std::fmt;
use std::path::PathBuf;

use anyhow::Result;
use serde::Serialize;
use serde_json::{json, Value};
use trust_manifest::{Limits, Manifest, Timestamp, MANIFEST_PAYLOAD_TYPE};

use crate::claims::{ClaimArgs, ClaimCheck};
use crate::exit::Refused;
use crate::io;

const AFTER: &str = "\
Prints one finding per line: `error|warning <json-pointer>: <message>`.
Works on an unsigned manifest and on a signed envelope (its payload is linted;
the brand's signature is not checked: use `trustctl verify`). Embedded
attestations are judged by the verifier's rule: bound to the brand's --root,
fresh, and, with --trust, signed by a trusted attester.

Examples:
  trustctl lint manifest.json
  trustctl lint --at 2027-01-01 --json trust-manifest.json
  trustctl lint --root brand-root.pub --trust attesters.json manifest.json";

/// Check a manifest (unsigned, or a signed envelope) against the format's rules.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The manifest or signed envelope (`-` for stdin).
    #[arg(value_name = "MANIFEST.json")]
    manifest: PathBuf,
    /// Judge expiry at this day or time instead of now (e.g. 2026-11-22).
    #[arg(long, value_name = "DATE", value_parser = io::parse_time_or_date)]
    at: Option<Timestamp>,
    /// Print the findings as a JSON array.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    claims: ClaimArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, at a JSON pointer (RFC 6901) into the manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The empty pointer (the whole document) would read as a stray space.
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, "{severity} {pointer}: {}", self.message)
    }
}

/// Collects findings.
#[derive(Debug, Default)]
pub struct Lint {
    pub findings: Vec<Finding>,
}

impl Lint {
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), message.into());
    }

    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), message.into());
    }

    fn push(&mut self, severity: Severity, pointer: String, message: String) {
        self.findings.push(Finding {
            severity,
            pointer,
            message,
        });
    }
}

pub fn run(args: Args) -> Result<()> {
    let input = io::read_json(&args.manifest)?;
    let at = args.at.unwrap_or_else(io::now);
    let claims = args.claims.load(at)?;
    let findings = match unwrap_envelope(&input) {
        Some(Ok(payload)) => lint_document(&payload, at, true, &claims),
        Some(Err(finding)) => vec![finding],
        None => lint_document(&input, at, false, &claims),
    };

    if args.json {
        io::write_output(None, &io::to_pretty(&findings))?;
    } else {
        for f in &findings {
            println!("{f}");
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if errors > 0 {
        return Err(Refused(format!("{errors} error(s), {warnings} warning(s)")).into());
    }
    if !args.json {
        eprintln!("ok: no errors, {warnings} warning(s)");
    }
    Ok(())
}

/// For a signed envelope, its payload as JSON (or why it cannot be read).
/// `None` when the input is not an envelope at all.
fn unwrap_envelope(input: &Value) -> Option<Result<Value, Finding>> {
    input.get("payloadType")?;
    let fail = |pointer: &str, message: String| {
        Err(Finding {
            severity: Severity::Error,
            pointer: pointer.into(),
            message,
        })
    };
    let envelope = match io::envelope_from(input, "the input") {
        Ok(e) => e,
        Err(e) => return Some(fail("", format!("{e:#}"))),
    };
    if envelope.payload_type != MANIFEST_PAYLOAD_TYPE {
        let message = format!(
            "payload type {:?}, not a manifest ({MANIFEST_PAYLOAD_TYPE})",
            envelope.payload_type
        );
        return Some(fail("/payloadType", message));
    }
    Some(match io::unverified_payload(&envelope, "the envelope") {
        Err(e) => fail("/payload", format!("{e:#}")),
        // The strict reader first: it refuses what serde would quietly accept
        // (duplicate keys: serde keeps the last, and lint would check that one).
        Ok(bytes) => match trust_manifest::json::parse(&bytes, Limits::default().depth) {
            Err(e) => fail(
                "/payload",
                format!("verifiers cannot read the payload: {e}"),
            ),
            Ok(_) => serde_json::from_slice(&bytes)
                .or_else(|e| fail("/payload", format!("the payload is not JSON: {e}"))),
        },
    })
}

/// Lints a manifest document. `signed`: the freshness fields are the real ones
/// (a signed payload, or a manifest `sign` just filled); otherwise they may be
/// missing, because `trustctl sign` fills them.
pub fn lint_document(
    doc: &Value,
    at: Timestamp,
    signed: bool,
    claims: &ClaimCheck,
) -> Vec<Finding> {
    let mut lint = Lint::default();
    urls::check(doc, &mut lint);

    let text = serde_json::to_vec(doc).expect("JSON values always serialise");
    if let Err(e) = Limits::default().scan(&text) {
        lint.error("", format!("verifiers refuse it as {e}"));
    }

    let mut filled = doc.clone();
    if !signed {
        fill_draft(&mut filled, at);
    }
    let filled = serde_json::to_vec(&filled).expect("JSON values always serialise");
    match io::decode_strict::<Manifest>(&filled) {
        Ok(manifest) => rules::check(&manifest, at, signed, claims, &mut lint),
        Err(e) => lint.error(
            e.pointer,
            format!("verifiers cannot read it: {}", e.message),
        ),
    }
    // Grouped by place in the document, numbers in numeric order; the sort is
    // stable, so findings at one pointer keep the order the rules found them.
    lint.findings
        .sort_by_cached_key(|f| pointer_key(&f.pointer));
    lint.findings
}

fn pointer_key(pointer: &str) -> Vec<(Option<usize>, String)> {
    pointer
        .split('/')
        .map(|seg| (seg.parse().ok(), seg.to_owned()))
        .collect()
}

/// Placeholders for the fields `sign` fills, so a draft parses.
pub fn fill_draft(doc: &mut Value, at: Timestamp) {
    if let Value::Object(map) = doc {
        let defaults = [
            ("spec", json!("1")),
            ("issued_at", json!(at.to_string())),
            ("expires_at", json!(at.plus_seconds(86_400).to_string())),
            ("sequence", json!(1)),
        ];
        for (k, v) in defaults {
            map.entry(k).or_insert(v);
        }
    }
}

/// A JSON pointer segment, escaped per RFC 6901.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
