//! `trustctl import`: the reviews of another app's export merged into the
//! brand's unsigned manifest, as the brand's own statements labelled with the
//! app they came from (`source`), never as a collector's. A row is imported
//! whole or reported (with its row number) and skipped; the rest still import.

mod csv_formats;
mod google;
mod products;
mod row;

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{bail, Result};
use serde_json::{json, Value};
use trust_manifest::{Review, ReviewSource, Timestamp};

use crate::claims::ClaimCheck;
use crate::exit::Refused;
use crate::io;
use crate::lint::{self, Severity};
use products::Catalogue;
use row::{Context, Skip};

const AFTER: &str = "\
Formats (--from) and where each export comes from:
  judgeme  Judge.me: Reviews > Export reviews (CSV)
  shopify  Shopify Product Reviews app: Export reviews (CSV)
  okendo   Okendo: Settings > Import/Export (CSV, Okendo's import template columns)
  yotpo    Yotpo: Reviews export (CSV)
  google   Google Merchant Center product reviews feed (XML, schema 2.4)

Products are matched by handle, SKU, GTIN or the store's product id against the
manifest's `products`. Reviews keep their dates, language, country, photos and the
source's verified-buyer and incentive flags; they are the brand's statements
(shown as \"stated by the brand\", labelled \"imported from …\"). Reviewer e-mail
addresses are never copied. Importing the same export again updates, not duplicates.

Exit status: 0 every row imported or skipped as unpublished; 1 some rows were bad
(listed, skipped; the rest imported and written); 2 the export or manifest is unreadable.

Examples:
  trustctl import --from judgeme --language en judgeme-reviews.csv manifest.json -o manifest.json
  trustctl import --from google feed.xml manifest.json -o manifest.json";

/// Import reviews from another review app's export into the unsigned manifest.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The export's format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Source,
    /// The language of reviews whose export does not say (every CSV format): a BCP 47 tag.
    #[arg(long, value_name = "TAG")]
    language: Option<String>,
    /// Also import reviews the source app hid, left unpublished or marked spam.
    #[arg(long)]
    include_unpublished: bool,
    /// The export file.
    #[arg(value_name = "EXPORT")]
    export: PathBuf,
    /// The unsigned manifest to merge into.
    #[arg(value_name = "MANIFEST.json")]
    manifest: PathBuf,
    /// Where to write the merged manifest (default: stdout).
    #[arg(short, long, value_name = "OUT.json")]
    out: Option<PathBuf>,
}

/// The apps whose exports `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Source {
    Judgeme,
    Shopify,
    Okendo,
    Yotpo,
    Google,
}

impl Source {
    /// As merchants know it.
    pub fn name(self) -> &'static str {
        match self {
            Source::Judgeme => "Judge.me",
            Source::Shopify => "Shopify Product Reviews",
            Source::Okendo => "Okendo",
            Source::Yotpo => "Yotpo",
            Source::Google => "Google product reviews feed",
        }
    }

    /// The start of the review ids it gives (`judgeme-…`).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Source::Judgeme => "judgeme",
            Source::Shopify => "shopify",
            Source::Okendo => "okendo",
            Source::Yotpo => "yotpo",
            Source::Google => "google",
        }
    }

    /// The review's `source` in the manifest.
    pub fn review_source(self) -> ReviewSource {
        match self {
            Source::Judgeme => ReviewSource::Judgeme,
            Source::Shopify => ReviewSource::ShopifyProductReviews,
            Source::Okendo => ReviewSource::Okendo,
            Source::Yotpo => ReviewSource::Yotpo,
            Source::Google => ReviewSource::GoogleProductReviewsFeed,
        }
    }
}

pub fn run(args: Args) -> Result<()> {
    let source = args.from;
    let export = io::read_input(&args.export)?;
    let what = args.export.display().to_string();
    let mut doc = io::read_json(&args.manifest)?;
    let manifest_name = args.manifest.display().to_string();
    let map = io::expect_object(&mut doc, &manifest_name)?;
    if map.contains_key("payloadType") {
        bail!("{manifest_name} is a signed envelope; import into the unsigned manifest");
    }
    if let Some(l) = &args.language {
        if !crate::iso_codes::is_language_tag(l) {
            bail!("--language {l:?} is not a BCP 47 tag such as de, en-US or ja");
        }
    } else if source != Source::Google {
        bail!(
            "{} exports do not say which language each review is in; give it with --language (e.g. --language en)",
            source.name()
        );
    }
    let rows = match source {
        Source::Google => google::read(&export, &what)?,
        _ => csv_formats::read(source, &export, &what)?,
    };

    let now = io::now();
    let catalogue = Catalogue::from_manifest(&doc);
    let cx = Context {
        source,
        catalogue: &catalogue,
        language: args.language.as_deref(),
        now,
    };
    let mut imported: Vec<Value> = Vec::new();
    let mut first_place: HashMap<String, String> = HashMap::new();
    let mut skipped: Vec<(Skip, String, String)> = Vec::new();
    for row in rows {
        let row = match row {
            Ok(r) => r,
            Err((place, why)) => {
                skipped.push((Skip::Bad, place, why));
                continue;
            }
        };
        if row.published == Some(false) && !args.include_unpublished {
            skipped.push((Skip::NotPublished, row.place, String::new()));
            continue;
        }
        let value = match row::to_review(&row, &cx).and_then(|r| checked(r, &doc, now)) {
            Ok(v) => v,
            Err(why) => {
                skipped.push((Skip::Bad, row.place, why));
                continue;
            }
        };
        let id = value["id"].as_str().unwrap_or_default().to_owned();
        if let Some(first) = first_place.get(&id) {
            skipped.push((
                Skip::Duplicate,
                row.place,
                format!("is the same review as {first}"),
            ));
            continue;
        }
        first_place.insert(id, row.place);
        imported.push(value);
    }

    let (added, updated) = merge(&mut doc, imported)?;
    refuse_unpublishable(&doc, now)?;
    io::write_output(args.out.as_deref(), &io::to_pretty(&doc))?;
    report(source, added, updated, &skipped, args.out.as_deref())
}

/// The review as JSON, refused with lint's message if lint
/// would find an error in it (the same rules `sign` applies).
fn checked(review: Review, doc: &Value, now: Timestamp) -> Result<Value, String> {
    let value = serde_json::to_value(&review).expect("a review serialises");
    let probe = json!({
        "issuer": doc.get("issuer").cloned().unwrap_or(Value::Null),
        "products": doc.get("products").cloned().unwrap_or(json!([])),
        "reviews": [{ "review": value }],
    });
    let findings = lint::lint_document(&probe, now, false, &no_claims(now));
    match findings
        .iter()
        .find(|f| f.severity == Severity::Error && f.pointer.starts_with("/reviews/0"))
    {
        Some(f) => Err(f.message.clone()),
        None => Ok(value),
    }
}

fn no_claims(now: Timestamp) -> ClaimCheck {
    ClaimCheck {
        roots: Vec::new(),
        trust: None,
        now,
    }
}

/// Adds the imported reviews to `reviews`, replacing a brand-stated review with
/// the same id (an earlier import of the same row). Returns (added, updated).
fn merge(doc: &mut Value, imported: Vec<Value>) -> Result<(usize, usize)> {
    let list = doc
        .as_object_mut()
        .expect("checked to be an object")
        .entry("reviews")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = list else {
        bail!("the manifest's `reviews` is not an array");
    };
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, e) in list.iter().enumerate() {
        if let Some(id) = e
            .get("review")
            .and_then(|r| r.get("id"))
            .and_then(Value::as_str)
        {
            at.insert(id.to_owned(), i);
        }
    }
    let (mut added, mut updated) = (0, 0);
    for review in imported {
        let id = review["id"].as_str().unwrap_or_default().to_owned();
        let entry = json!({ "review": review });
        match at.get(&id) {
            Some(&i) => {
                list[i] = entry;
                updated += 1;
            }
            None => {
                at.insert(id, list.len());
                list.push(entry);
                added += 1;
            }
        }
    }
    Ok((added, updated))
}

/// A merge that verifiers would refuse as a whole (too many reviews, too large)
/// is not written: the manifest stays as it was.
fn refuse_unpublishable(doc: &Value, now: Timestamp) -> Result<()> {
    let errors: Vec<_> = lint::lint_document(doc, now, false, &no_claims(now))
        .into_iter()
        .filter(|f| {
            f.severity == Severity::Error && (f.pointer.is_empty() || f.pointer == "/reviews")
        })
        .collect();
    // Lint judges the unsigned document; verifiers bound the signed envelope,
    // whose payload is base64 (4 bytes for 3) plus a few hundred bytes around it.
    let payload = serde_json::to_vec(doc)
        .expect("JSON values always serialise")
        .len();
    let envelope = payload.div_ceil(3) * 4 + 512;
    let limit = trust_manifest::Limits::default().envelope_bytes;
    if errors.is_empty() && envelope <= limit {
        return Ok(());
    }
    if envelope > limit {
        eprintln!(
            "error: (document): signed, the merged manifest would be about {envelope} bytes; verifiers accept at most {limit}"
        );
    }
    for f in &errors {
        eprintln!("{f}");
    }
    Err(Refused(
        "not written: the merged manifest would be refused by verifiers; publish this many reviews through a collector's review pages (`trustctl pages`)".into(),
    )
    .into())
}

fn report(
    source: Source,
    added: usize,
    updated: usize,
    skipped: &[(Skip, String, String)],
    out: Option<&std::path::Path>,
) -> Result<()> {
    for (kind, place, why) in skipped {
        if *kind != Skip::NotPublished {
            eprintln!("{place}: {why}");
        }
    }
    let count = |k: Skip| skipped.iter().filter(|(s, _, _)| *s == k).count();
    let (bad, duplicate, hidden) = (
        count(Skip::Bad),
        count(Skip::Duplicate),
        count(Skip::NotPublished),
    );
    let into = out.map_or_else(String::new, |p| format!(" into {}", p.display()));
    eprintln!(
        "imported {} reviews from {}{into}: {added} new, {updated} updated; skipped {bad} bad, {duplicate} duplicate, {hidden} unpublished or spam",
        added + updated,
        source.name(),
    );
    if bad > 0 {
        return Err(Refused(format!(
            "{bad} bad row{} skipped (listed above); the other reviews were imported",
            if bad == 1 { "" } else { "s" }
        ))
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2,999 reviews of a real size fit; a merge whose signed envelope would pass
    /// the verifiers' 2 MiB is not written (measured: 10,000 Judge.me rows make
    /// about 5.6 MB signed).
    #[test]
    fn a_merge_too_large_to_verify_is_refused() {
        let now = io::now();
        let small = json!({ "issuer": { "id": "b", "name": "B", "website": "https://b.example" } });
        assert!(refuse_unpublishable(&small, now).is_ok());
        let review = |i: usize| {
            json!({ "review": {
                "id": format!("r{i}"), "reviewRating": { "ratingValue": 5 },
                "reviewBody": "x".repeat(400), "inLanguage": "en",
                "datePublished": "2025-01-01", "author": "A",
                "verification": { "method": "none" }
            }})
        };
        let mut big = small.clone();
        big["reviews"] = Value::Array((0..4000).map(review).collect());
        let err = refuse_unpublishable(&big, now).unwrap_err();
        assert!(err.to_string().starts_with("not written"), "{err}");
    }
}
