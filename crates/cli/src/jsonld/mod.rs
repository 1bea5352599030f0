//! `trustctl jsonld`: schema.org JSON-LD for the merchant to put in the page
//! server-side, where crawlers see it (JSON-LD injected by script often is not).
//!
//! Built from verified data only, after the same checks as `trustctl verify`, and
//! following Google's structured-data guidelines:
//! - a `Product` (with `--product`) carries the product's `aggregateRating` and
//!   `review`s: product reviews are eligible for review snippets;
//! - the brand's `Organization` carries `hasMerchantReturnPolicy` and
//!   `hasCertification`, and never a rating or reviews: reviews of a business on its
//!   own site are self-serving and not eligible;
//! - enumeration values are full schema.org URLs;
//! - a certificate is listed only while valid at `--at` (else now).
//!
//! The vocabulary used here is checked against `tests/schemaorg-subset.json`.

mod organization;
mod product;
mod schema_org;

use anyhow::{bail, Result};
use trust_manifest::VerifiedManifest;

use crate::exit::rejected;
use crate::io;
use organization::organization;
use schema_org::{Document, Node, SCHEMA};

const AFTER: &str = "\
The envelope is verified first, exactly as `trustctl verify` does; on failure
nothing is printed but `error: <reason-code>: <message>` on stderr, exit status 1.

What goes in:
  Organization  name, legalName, url, foundingDate; hasMerchantReturnPolicy, one
                MerchantReturnPolicy per market policy (a default policy that names
                no country is left out: schema.org needs applicableCountry);
                hasCertification, brand-wide certificates valid at --at.
                No aggregateRating or review: Google treats reviews of a business on
                its own site as self-serving.
  Product       (with --product) name, sku, gtin, brand; aggregateRating from the
                newest collector-signed aggregate for the product, else computed
                from its verified reviews; review, its newest verified reviews
                (reviews labelled incentivised or insider stay in the widget, where
                the label shows: structured data cannot carry it); hasCertification,
                the product's own certificates valid at --at.

Examples:
  trustctl jsonld --key brand.pub --trust attesters.json trust-manifest.json
  trustctl jsonld --key brand.pub --trust attesters.json --product tent-2p --script trust-manifest.json";

/// Print schema.org JSON-LD (Product, Organization) from a verified manifest.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    #[command(flatten)]
    inputs: crate::verify::Inputs,
    /// Add a Product for this product (its id, SKU or handle in the manifest).
    #[arg(long, value_name = "ID|SKU|HANDLE")]
    product: Option<String>,
    /// At most this many reviews in the Product, newest first.
    #[arg(long, value_name = "N", default_value_t = 10)]
    max_reviews: usize,
    /// Wrap the JSON-LD in <script type="application/ld+json"> for pasting into HTML.
    #[arg(long)]
    script: bool,
}

pub fn run(args: Args) -> Result<()> {
    let verified = verify(&args)?;
    let product =
        match &args.product {
            Some(key) => match verified.product(key) {
                Some(p) => Some(p.id.clone()),
                None => {
                    let known: Vec<&str> =
                        verified.products().iter().map(|p| p.id.as_str()).collect();
                    bail!(
                    "no product {key:?} in the manifest (by id, sku or handle); its products: {}",
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                );
                }
            },
            None => None,
        };
    let doc = document(&verified, product.as_deref(), args.max_reviews);
    let json = String::from_utf8(io::to_pretty(&doc)).expect("serde_json writes UTF-8");
    if args.script {
        // `<` only occurs inside JSON strings, where `\u003c` means the same and
        // cannot close the script element.
        let json = json.trim_end().replace('<', "\\u003c");
        let html = format!("<script type=\"application/ld+json\">\n{json}\n</script>\n");
        io::write_output(None, html.as_bytes())
    } else {
        io::write_output(None, json.as_bytes())
    }
}

/// The checks of `trustctl verify`, with the same options and exit codes: an
/// unreadable input is an I/O error (exit 2), a failed check is rejected (exit 1).
fn verify(args: &Args) -> Result<VerifiedManifest> {
    args.inputs.verify()?.map_err(rejected)
}

fn document(v: &VerifiedManifest, product: Option<&str>, max_reviews: usize) -> Document {
    let mut graph = vec![Node::Organization(Box::new(organization(v)))];
    if let Some(id) = product {
        let node = product::product(v, id, max_reviews);
        graph.push(Node::Product(Box::new(node)));
    }
    Document {
        context: SCHEMA,
        graph,
    }
}
