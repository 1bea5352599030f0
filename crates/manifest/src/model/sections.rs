use alloc::string::String;
use alloc::vec::Vec;

use super::*;

model! {
    /// The brand's choice of sections for one market, overriding the market profile.
    pub struct MarketOverride {
        /// ISO 3166-1 alpha-2 market.
        pub market: String,
        /// Sections in display order; those not named are not shown.
        pub sections: Vec<Section>,
    }
}

vocabulary! {
    /// A section of the full view.
    pub enum Section {
        Summary = "summary",
        Certifications = "certifications",
        Reviews = "reviews",
        Returns = "returns",
        Company = "company",
        Limitations = "limitations",
        Media = "media",
        Evidence = "evidence",
    }
}
