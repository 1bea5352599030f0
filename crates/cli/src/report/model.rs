//! What `trustctl report` finds, as data. The JSON format serialises these
//! structs as they are, so their field names are a contract: add fields, never
//! rename them. The text and HTML formats render the same data.

use std::collections::BTreeMap;

use serde::Serialize;

/// The whole report: one entry per market.
#[derive(Debug, Serialize)]
pub struct Readiness {
    pub brand: Brand,
    /// The day the report judges freshness at (`--at`, else today).
    pub at: String,
    /// `unsigned-manifest` or `signed-envelope`.
    pub input: &'static str,
    /// Always false: the report reads claims, `trustctl verify` checks them.
    pub signature_checked: bool,
    /// The manifest's own `expires_at`, when it has one.
    pub expires_at: Option<String>,
    /// Whether the manifest is electronics (which markets then expect safety marks for).
    pub electronics: Electronics,
    /// Embedded attestation envelopes: read without checking their signatures.
    pub attestations: Attestations,
    pub markets: Vec<MarketReadiness>,
}

#[derive(Debug, Serialize)]
pub struct Brand {
    pub id: String,
    pub name: String,
}

/// Why the manifest counts as electronics (empty lists: it does not).
#[derive(Debug, Default, Serialize)]
pub struct Electronics {
    pub detected: bool,
    /// Electronics marks named by certifications (FCC, RoHS, KC…).
    pub marks: Vec<String>,
    /// Products whose names say electronics (charger, earbuds…).
    pub products: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Attestations {
    /// Envelopes embedded in the manifest.
    pub embedded: usize,
    /// Those a widget with this trust list and root would show.
    pub read: usize,
    /// Those it would drop, with the verifier's reason.
    pub dropped: Vec<Dropped>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dropped {
    /// JSON pointer into the manifest.
    pub pointer: String,
    pub reason: String,
}

/// One market's readiness.
#[derive(Debug, Serialize)]
pub struct MarketReadiness {
    /// ISO 3166-1 alpha-2, upper case.
    pub market: String,
    /// The market profile's region, e.g. `europe`.
    pub region: &'static str,
    /// Languages the market's shoppers read (from the profile).
    pub languages: Vec<String>,
    /// 100 minus the points lost, at least 0.
    pub score: u32,
    /// `profile` or `override` (the manifest's own section order for this market).
    pub order: &'static str,
    /// The full view's sections in the order shoppers there see them.
    pub sections: Vec<SectionView>,
    /// What is missing, stale or weak; `points` is what each one costs.
    pub findings: Vec<Finding>,
    pub reviews: ReviewHealth,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    /// The manifest's section name, e.g. `returns`.
    pub section: &'static str,
    /// Whether the widget shows it in this market.
    pub shown: bool,
    /// What it shows; when not shown, why not.
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Evidence shoppers in this market look for and do not find.
    Missing,
    /// Evidence that is out of date or about to be.
    Stale,
    /// How the reviews read to shoppers here.
    Reviews,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Missing => "missing",
            Category::Stale => "stale",
            Category::Reviews => "reviews",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Finding {
    /// Stable id of the check (the table in `trustctl report --help`).
    pub check: &'static str,
    pub category: Category,
    /// Points this costs (0: for information).
    pub points: u32,
    pub message: String,
}

/// Reviews as shoppers in one market meet them.
#[derive(Debug, Default, Serialize)]
pub struct ReviewHealth {
    pub count: usize,
    /// Reviews in one of the market's languages.
    pub in_market_languages: usize,
    /// Reviews per primary language subtag.
    pub languages: BTreeMap<String, usize>,
    /// Reviews carried in a collector's attestation (signature not checked here).
    pub attested: usize,
    /// `attested` as a whole percentage of `count`.
    pub attested_percent: u32,
    /// Reviews with 1, 2, 3, 4 and 5 stars (other scales mapped onto 1–5).
    pub histogram: [usize; 5],
    /// Mean stars, from the histogram.
    pub mean: Option<f64>,
    /// The newest review's date.
    pub newest: Option<String>,
    /// Reviews marked incentivised; the widget labels each one.
    pub incentivized: usize,
    /// Reviews marked as by insiders; the widget labels each one.
    pub insider: usize,
    /// Reviews that read as incentivised or insider but are not marked (ids).
    pub possibly_unlabelled: Vec<String>,
}
