//! `trust-collector brand products`: read the brand's manifest products, map by
//! hand, list (products.rs does the work). Messages about what changed go to
//! stderr when `--json` is asked, so stdout is the JSON alone.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::db::Db;
use crate::products::{self, Listed, Match};

/// What the command was asked to do (in this order: manifest, unset, set, list).
#[derive(Debug, Default)]
pub struct Asks {
    pub manifest: Option<PathBuf>,
    pub set: Vec<String>,
    pub unset: Vec<String>,
    pub list: bool,
    pub json: bool,
}

pub async fn run(db: &Db, brand_id: &str, asks: Asks) -> Result<ExitCode> {
    let json = asks.json;
    let say = |line: String| {
        if json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    // Check every --set before changing anything.
    let mut pairs = Vec::new();
    for s in &asks.set {
        let Some((external, id)) = s.split_once('=') else {
            bail!("--set {s:?}: expected EXTERNAL=ID (the order system's product id = the manifest's product id)");
        };
        pairs.push((external.trim().to_string(), id.trim().to_string()));
    }
    let mut code = ExitCode::SUCCESS;
    if let Some(path) = &asks.manifest {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let found = products::read_manifest(&bytes)
            .with_context(|| format!("{}: no product list", path.display()))?;
        let r = products::import_manifest(db, brand_id, &found).await?;
        let mapped = r
            .outcomes
            .iter()
            .filter(|(_, m)| matches!(m, Match::One { .. }))
            .count();
        say(format!(
            "read {} products from {}; {mapped} of {} ordered products matched",
            found.len(),
            path.display(),
            r.outcomes.len()
        ));
        for (external, m) in &r.outcomes {
            match m {
                Match::One { id, by } => say(format!(
                    "  {} -> {} (by {by})",
                    shown(Some(external)),
                    shown(Some(id))
                )),
                Match::Ambiguous(ids) => {
                    code = ExitCode::from(1);
                    let e = shown(Some(external));
                    say(format!(
                        "  {e}: ambiguous, fits {}; choose with --set {e}=ID",
                        shown(Some(&ids.join(", ")))
                    ))
                }
                Match::None => say(format!("  {}: no match (unmapped)", shown(Some(external)))),
            }
        }
    }
    for external in &asks.unset {
        if !products::unset(db, brand_id, external.trim()).await? {
            bail!("no mapping for {external:?}");
        }
        say(format!("removed the mapping of {external}"));
    }
    for (external, id) in &pairs {
        products::set(db, brand_id, external, id).await?;
        say(format!("mapped {external} -> {id} (set)"));
    }
    let nothing_asked = asks.manifest.is_none() && pairs.is_empty() && asks.unset.is_empty();
    if asks.list || json || nothing_asked {
        let listed = products::list(db, brand_id).await?;
        if json {
            let manifest = products::manifest_products(db, brand_id).await?.len();
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "brand": brand_id,
                    "manifest_products": manifest,
                    "unmapped": listed.iter().filter(|l| l.id.is_none()).count(),
                    "products": listed,
                }))?
            );
        } else {
            print_table(&listed);
        }
    }
    Ok(code)
}

/// Text from orders as a terminal shows it: control characters (escape sequences
/// a hostile title could carry, tabs that would shift columns) replaced.
fn shown(s: Option<&str>) -> String {
    s.unwrap_or("-")
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

fn print_table(listed: &[Listed]) {
    println!("EXTERNAL\tMANIFEST ID\tMATCHED BY\tREVIEWS\tSKU\tTITLE");
    for l in listed {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            shown(Some(&l.external)),
            shown(l.id.as_deref()),
            l.matched_by.as_deref().unwrap_or("unmapped"),
            l.reviews,
            shown(l.sku.as_deref()),
            shown(l.title.as_deref()),
        );
    }
}
