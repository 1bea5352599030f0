//! `trustctl report`: per market, what shoppers there will see, what they look
//! for and will not find, what goes stale soon, how the reviews read, and a
//! score from 0 to 100 that a merchant (or CI, with `--min-score`) can track.
//! One file per part: `input` (what is read), `model` (the findings as data),
//! `score` (the table of checks), `checks` and `reviews` (the findings),
//! `present` (what is shown), `text` and `html` (the formats), `wrap` (text by
//! display width).

mod checks;
pub(crate) mod html;
mod input;
mod model;
mod present;
mod reviews;
mod score;
mod text;
mod wrap;

use std::path::PathBuf;

use anyhow::{bail, Result};
use serde_json::Value;
use trust_manifest::Timestamp;

use crate::exit::Refused;
use crate::{io, iso_codes as codes};
use input::Input;
use model::{Brand, MarketReadiness, Readiness};

const EXAMPLES: &str = "
Input: an unsigned manifest, or a signed envelope (the brand's signature is not
checked: use trustctl verify). Embedded attestations count only as the widget
would show them: signed by an attester on --trust, bound to the brand's --root,
current. Without --trust none counts, as in a widget without data-attesters.
Markets: those the manifest serves (named by policies, section overrides and
reviews), or those given with --market.

Examples:
  trustctl report --root brand-root.pub --trust attesters.json manifest.json
  trustctl report --market DE --market JP --at 2026-11-22 manifest.json
  trustctl report --format html -o report.html trust-manifest.json
  trustctl report --min-score 80 --format json trust-manifest.json";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
    Html,
}

/// Score a manifest's trust readiness per market: present, missing, stale, reviews.
#[derive(Debug, clap::Args)]
#[command(after_help = after_help())]
pub struct Args {
    /// The manifest or signed envelope (`-` for stdin).
    #[arg(value_name = "MANIFEST.json")]
    manifest: PathBuf,
    /// A market, e.g. DE (repeatable; default: those served).
    #[arg(long = "market", value_name = "M", value_parser = parse_market)]
    markets: Vec<String>,
    /// Judge freshness on this day or time (default: now).
    #[arg(long, value_name = "DATE", value_parser = io::parse_time_or_date)]
    at: Option<Timestamp>,
    /// text, json or html.
    #[arg(long, value_enum, default_value_t = Format::Text, hide_possible_values = true)]
    format: Format,
    /// Exit 1 when any reported market scores below N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    min_score: Option<u32>,
    /// Where to write the report (default: stdout).
    #[arg(short, long, value_name = "OUT")]
    out: Option<PathBuf>,
    #[command(flatten)]
    claims: crate::claims::ClaimArgs,
}

fn after_help() -> String {
    format!("{}{EXAMPLES}", crate::report::score::help_table())
}

fn parse_market(s: &str) -> Result<String, String> {
    if codes::is_country(s) {
        Ok(s.to_ascii_uppercase())
    } else {
        Err(format!(
            "{s:?} is not an ISO 3166-1 alpha-2 country; write e.g. DE, US or JP (GB, not UK)"
        ))
    }
}

pub fn run(args: Args) -> Result<()> {
    let doc = io::read_json(&args.manifest)?;
    let at = args.at.unwrap_or_else(io::now);
    let claims = args.claims.load(at)?;
    let input = input::read(&doc, &args.manifest.display().to_string(), &claims)?;
    let report = build(&input, &args.markets)?;
    let bytes = render(&report, args.format);
    io::write_output(args.out.as_deref(), &bytes)?;
    if let Some(min) = args.min_score {
        let below: Vec<String> = report
            .markets
            .iter()
            .filter(|m| m.score < min)
            .map(|m| format!("{} {}", m.market, m.score))
            .collect();
        if !below.is_empty() {
            return Err(Refused(format!("below --min-score {min}: {}", below.join(", "))).into());
        }
    }
    Ok(())
}

/// For `trustctl sign --report`: the text report of a manifest just signed.
pub fn text_for_signed(payload: &Value, claims: &crate::claims::ClaimCheck) -> Result<String> {
    let input = input::from_manifest(payload, true, claims)?;
    let report = build(&input, &[])?;
    Ok(crate::report::text::render(&report))
}

/// For `trustctl studio`: the report of an unsigned draft, as the JSON format's data.
pub fn json_for_draft(doc: &Value, claims: &crate::claims::ClaimCheck) -> Result<Value> {
    let input = input::from_manifest(doc, false, claims)?;
    Ok(serde_json::to_value(build(&input, &[])?)?)
}

fn render(report: &Readiness, format: Format) -> Vec<u8> {
    match format {
        Format::Text => crate::report::text::render(report).into_bytes(),
        Format::Json => io::to_pretty(report),
        Format::Html => crate::report::html::render(report).into_bytes(),
    }
}

/// The report for the named markets, or for those the manifest serves.
pub fn build(input: &Input, named: &[String]) -> Result<Readiness> {
    let markets = if named.is_empty() {
        served(input)
    } else {
        let mut v: Vec<String> = Vec::new();
        for m in named {
            if !v.contains(m) {
                v.push(m.clone());
            }
        }
        v
    };
    if markets.is_empty() {
        bail!("the manifest names no market (no policy, section override or review does); pass --market, e.g. --market US");
    }
    let electronics = checks::electronics(input);
    let markets = markets
        .iter()
        .map(|code| market(input, code, &electronics))
        .collect();
    let m = &input.manifest;
    Ok(Readiness {
        brand: Brand {
            id: m.issuer.id.clone(),
            name: m.issuer.name.clone(),
        },
        at: input.at.to_string(),
        input: if input.signed {
            "signed-envelope"
        } else {
            "unsigned-manifest"
        },
        signature_checked: false,
        expires_at: (input.signed || input.has_expiry).then(|| m.expires_at.to_string()),
        electronics,
        attestations: input.attestations.clone(),
        markets,
    })
}

fn market(
    input: &Input,
    code: &str,
    electronics: &crate::report::model::Electronics,
) -> MarketReadiness {
    let m = checks::Market::new(input, code);
    let health = reviews::health(input, &m);
    let (sections, order) = crate::report::present::sections(input, &m, &health);
    let mut findings = Vec::new();
    checks::missing(input, &m, electronics, &mut findings);
    reviews::findings(&health, &m, &mut findings);
    checks::stale(input, &mut findings);
    MarketReadiness {
        market: code.to_owned(),
        region: region_name(m.profile.region),
        languages: m
            .profile
            .languages
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
        score: crate::report::score::score(&findings),
        order,
        sections,
        findings,
        reviews: health,
    }
}

/// Markets the manifest serves, in the order it names them: policies first
/// (the brand's own choice), then section overrides, then reviewers' markets.
fn served(input: &Input) -> Vec<String> {
    let m = &input.manifest;
    let named = m
        .policies
        .iter()
        .flat_map(|p| p.markets.iter())
        .chain(m.markets.iter().map(|o| &o.market))
        .chain(input.reviews.iter().filter_map(|r| r.item.market.as_ref()));
    let mut out: Vec<String> = Vec::new();
    for code in named {
        let code = code.to_ascii_uppercase();
        // Lint reports codes it does not know; no shopper matches them.
        if codes::is_country(&code) && !out.contains(&code) {
            out.push(code);
        }
    }
    out
}

fn region_name(r: trust_manifest::Region) -> &'static str {
    use trust_manifest::Region as R;
    match r {
        R::UnitedStates => "united-states",
        R::Canada => "canada",
        R::UnitedKingdom => "united-kingdom",
        R::Europe => "europe",
        R::Japan => "japan",
        R::Korea => "korea",
        R::SouthEastAsia => "south-east-asia",
        R::Oceania => "oceania",
        R::LatinAmerica => "latin-america",
        R::MiddleEast => "middle-east",
        R::Other => "other",
    }
}
