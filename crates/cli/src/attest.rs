//! `trustctl attest`: what a review collector or certification body runs to sign
//! its own statement about a brand. The brand then embeds the envelope unchanged
//! (`trustctl sign --attach`), and the widget labels the claim "verified by
//! <attester>" when the attester's key is on its trust list.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use trust_manifest::{
    check_content, parse_duration, sign_envelope, Envelope, PublicKey, SecretKey, Statement,
    StatementContext, Timestamp, TrustList, ATTESTATION_PAYLOAD_TYPE,
};

use crate::exit::Refused;
use crate::io;

const AFTER: &str = "\
Input: one statement object, or an array of them:
  {\"kind\"?, \"subject\": {\"brand\", \"root\"?, \"product\"?}, \"review\"|\"aggregate\"|\"certification\": {...}}
`spec` and `issued_at` are filled when absent, `subject.root` from --root (the
brand's key-set root: the statement counts only where that root verifies the
brand's manifest), and an aggregate's `expires_at` from --expires-in; the kind
comes from --kind, else the statement's own `kind`, else from which claim it carries.
Output: one envelope for an object, an array of envelopes for an array.

Examples:
  trustctl attest --key collector.key --root brand-root.pub review.json -o review.dsse.json
  trustctl attest --key collector.key --root ed25519:BASE64 --kind aggregate --now 2026-11-20T00:00:00Z counts.json";

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Review,
    Aggregate,
    Certification,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::Aggregate => "aggregate",
            Kind::Certification => "certification",
        }
    }
}

/// Sign third-party statements (reviews, aggregates, certifications) about a brand.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The attester's secret key (from `trustctl keygen`).
    #[arg(long, value_name = "COLLECTOR.key")]
    key: PathBuf,
    /// The kind of every statement in the input.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The brand's key-set root, a .pub file or "ed25519:<base64>", that every
    /// statement is bound to (fills `subject.root`; must agree where one is given).
    #[arg(long, value_name = "ROOT.pub|ed25519:BASE64")]
    root: Option<String>,
    /// How long an aggregate is shown after signing (at most 31d; re-sign before).
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    expires_in: String,
    /// Signing time instead of the system clock (RFC 3339), when a statement has no issued_at.
    #[arg(long, value_name = "RFC3339", value_parser = io::parse_timestamp)]
    now: Option<Timestamp>,
    /// The statement(s) to sign (`-` for stdin).
    #[arg(value_name = "STATEMENT.json")]
    statement: PathBuf,
    /// Where to write the envelope(s) (default: stdout).
    #[arg(short, long, value_name = "OUT")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<()> {
    let key = io::read_secret_key(&args.key)?;
    let input = io::read_json(&args.statement)?;
    let now = args.now.unwrap_or_else(io::now);
    let root = args.root.as_deref().map(io::read_public_key).transpose()?;
    let validity = parse_duration(&args.expires_in)
        .with_context(|| format!("{:?} is not a duration (write e.g. 7d)", args.expires_in))?;
    let opts = Fill {
        kind: args.kind,
        root,
        now,
        expires_at: now.plus_seconds(validity),
    };
    let output = match input {
        Value::Array(items) => {
            let envelopes = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| attest(item, &format!("statement {i}"), &opts, &key))
                .collect::<Result<Vec<_>>>()?;
            io::to_pretty(&envelopes)
        }
        one => io::to_pretty(&attest(one, "the statement", &opts, &key)?),
    };
    io::write_output(args.out.as_deref(), &output)
}

/// What `attest` fills in where a statement leaves it out.
struct Fill {
    kind: Option<Kind>,
    root: Option<PublicKey>,
    now: Timestamp,
    expires_at: Timestamp,
}

fn attest(mut item: Value, what: &str, fill: &Fill, key: &SecretKey) -> Result<Envelope> {
    let (kind, now) = (fill.kind, fill.now);
    let map = io::expect_object(&mut item, what)?;
    let kind = match (kind, map.get("kind").and_then(Value::as_str)) {
        (Some(k), Some(own)) if own != k.as_str() => {
            bail!(
                "{what} says kind {own:?} but --kind is {}; drop one of them",
                k.as_str()
            )
        }
        (Some(k), _) => k.as_str().to_owned(),
        (None, Some(own)) => own.to_owned(),
        (None, None) => infer_kind(map, what)?.to_owned(),
    };
    if let Some(root) = &fill.root {
        let subject = map
            .entry("subject")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .ok_or_else(|| Refused(format!("{what}: subject is not an object")))?;
        match subject.get("root").and_then(Value::as_str) {
            Some(own) if PublicKey::parse(own).ok() != Some(*root) => {
                bail!("{what} is bound to root {own} but --root is {root}; drop one of them")
            }
            _ => {
                subject.insert("root".into(), json!(root.to_string()));
            }
        }
    }
    let bound = map.get("subject").and_then(|s| s.get("root")).is_some();
    if !bound {
        return Err(Refused(format!(
            "{what} is not bound to the brand: give --root (the brand's key-set root) or subject.root"
        ))
        .into());
    }
    if kind == "aggregate" {
        map.entry("expires_at")
            .or_insert(json!(fill.expires_at.to_string()));
    }
    map.insert("kind".into(), json!(kind));
    map.entry("spec").or_insert(json!("1"));
    map.entry("issued_at").or_insert(json!(now.to_string()));

    // Checked as the verifier will read it: anything it would drop is refused here,
    // where the attester can still fix it.
    let payload = serde_json::to_vec(&item).expect("JSON values always serialise");
    let statement: Statement = io::decode_strict(&payload)
        .map_err(|e| Refused(format!("{what} is not a v1 statement: {e}")))?;
    check(&statement)
        .map_err(|problem| Refused(format!("{what} would be dropped by verifiers: {problem}")))?;
    // The verifier's own content rule (binding, expiry), with the statement's root
    // as the brand's: what it refuses here no verifier would show.
    let root = PublicKey::parse(&statement.subject.root).map_err(|_| {
        Refused(format!(
            "{what} is not bound to the brand's root: give --root (the brand's key-set root)"
        ))
    })?;
    let at = StatementContext {
        roots: &[root],
        trust: &TrustList::empty(),
        now: statement.issued_at,
    };
    check_content(&statement, statement.kind, &at).map_err(|e| {
        Refused(format!(
            "{what} would be dropped by verifiers: {}: {e}",
            e.code()
        ))
    })?;

    Ok(sign_envelope(ATTESTATION_PAYLOAD_TYPE, &payload, &[key]))
}

fn infer_kind(map: &serde_json::Map<String, Value>, what: &str) -> Result<&'static str> {
    let present: Vec<&'static str> = ["review", "aggregate", "certification"]
        .into_iter()
        .filter(|k| map.contains_key(*k))
        .collect();
    match present[..] {
        [one] => Ok(one),
        [] => bail!("{what} carries no review, aggregate or certification"),
        _ => bail!(
            "{what} carries {}; give --kind or a `kind` field",
            present.join(" and ")
        ),
    }
}

/// The verifier's per-claim checks, said in the attester's terms.
fn check(s: &Statement) -> Result<(), String> {
    use trust_manifest::AttestationKind as K;
    if s.subject.brand.trim().is_empty() {
        return Err("subject.brand is empty; name the brand's issuer id".into());
    }
    match s.kind {
        K::Review => {
            let r = s
                .review
                .as_ref()
                .ok_or("a review statement needs a `review`")?;
            if !r.rating.in_scale() {
                return Err(format!(
                    "rating {} is outside {}..={}",
                    r.rating.value, r.rating.worst, r.rating.best
                ));
            }
        }
        K::Aggregate => {
            let a = s
                .aggregate
                .as_ref()
                .ok_or("an aggregate statement needs an `aggregate`")?;
            if !a.is_consistent() {
                return Err(format!(
                    "the histogram sums to {}, not ratingCount {}",
                    trust_manifest::histogram_total(&a.histogram),
                    a.count
                ));
            }
        }
        K::Certification => {
            s.certification
                .as_ref()
                .ok_or("a certification statement needs a `certification`")?;
        }
        K::ReviewPages => {
            return Err(
                "review pages are signed with `trustctl pages`, which builds their tree".into(),
            )
        }
        K::Other => return Err("unknown kind; use review, aggregate or certification".into()),
    }
    Ok(())
}
