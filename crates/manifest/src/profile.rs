//! Market profiles: which trust signals shoppers in a market look for first.
//! One definition, used by the widget (section order) and by `trustctl report`
//! (what is missing). Grounded in PRODUCT.md's research: US shoppers look for
//! clear returns, compliance and third-party testing; EU shoppers for
//! sustainability and material certificates; JP for detail, service and returns;
//! South-East Asia for social proof and chat support in their language.

use crate::model::{CertificationKind, Section};

/// A group of markets that share a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    UnitedStates,
    Canada,
    UnitedKingdom,
    Europe,
    Japan,
    Korea,
    SouthEastAsia,
    Oceania,
    LatinAmerica,
    MiddleEast,
    Other,
}

/// What a market's shoppers weigh, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    pub region: Region,
    /// Sections of the full view, in display order.
    pub sections: &'static [Section],
    /// Certification kinds, most persuasive first (badge order).
    pub certification_kinds: &'static [CertificationKind],
    /// Languages shoppers there read (BCP 47 primary subtags), most common first.
    pub languages: &'static [&'static str],
}

use CertificationKind as K;
use Section as S;

const US: Profile = Profile {
    region: Region::UnitedStates,
    sections: &[
        S::Summary,
        S::Returns,
        S::Certifications,
        S::Reviews,
        S::Company,
        S::Limitations,
        S::Evidence,
        S::Media,
    ],
    certification_kinds: &[
        K::Safety,
        K::Quality,
        K::Membership,
        K::Material,
        K::Sustainability,
    ],
    languages: &["en", "es"],
};
const EUROPE: Profile = Profile {
    region: Region::Europe,
    sections: &[
        S::Summary,
        S::Certifications,
        S::Reviews,
        S::Returns,
        S::Company,
        S::Limitations,
        S::Evidence,
        S::Media,
    ],
    certification_kinds: &[
        K::Sustainability,
        K::Material,
        K::Safety,
        K::Quality,
        K::Membership,
    ],
    languages: &["de", "fr", "nl", "sv", "da", "fi", "nb", "it", "es", "en"],
};
const JAPAN: Profile = Profile {
    region: Region::Japan,
    sections: &[
        S::Summary,
        S::Returns,
        S::Company,
        S::Reviews,
        S::Certifications,
        S::Evidence,
        S::Limitations,
        S::Media,
    ],
    certification_kinds: &[
        K::Safety,
        K::Quality,
        K::Material,
        K::Sustainability,
        K::Membership,
    ],
    languages: &["ja"],
};
const SOUTH_EAST_ASIA: Profile = Profile {
    region: Region::SouthEastAsia,
    sections: &[
        S::Summary,
        S::Reviews,
        S::Media,
        S::Company,
        S::Evidence,
        S::Returns,
        S::Certifications,
        S::Limitations,
    ],
    certification_kinds: &[
        K::Safety,
        K::Quality,
        K::Material,
        K::Membership,
        K::Sustainability,
    ],
    languages: &["en", "ms", "th", "id", "vi", "fil", "zh"],
};

/// The profile for an ISO 3166-1 alpha-2 market (case-insensitive).
pub fn profile_for(market: &str) -> Profile {
    let m = market.to_ascii_uppercase();
    match m.as_str() {
        "US" => US,
        "CA" => Profile {
            region: Region::Canada,
            languages: &["en", "fr"],
            ..US
        },
        "GB" | "UK" | "IE" => Profile {
            region: Region::UnitedKingdom,
            sections: &[
                S::Summary,
                S::Reviews,
                S::Returns,
                S::Certifications,
                S::Company,
                S::Limitations,
                S::Evidence,
                S::Media,
            ],
            languages: &["en"],
            ..EUROPE
        },
        "DE" | "AT" | "CH" | "FR" | "NL" | "BE" | "LU" | "SE" | "DK" | "NO" | "FI" | "IS"
        | "IT" | "ES" | "PT" | "PL" | "CZ" => EUROPE,
        "JP" => JAPAN,
        "KR" => Profile {
            region: Region::Korea,
            sections: &[
                S::Summary,
                S::Reviews,
                S::Returns,
                S::Certifications,
                S::Company,
                S::Evidence,
                S::Media,
                S::Limitations,
            ],
            languages: &["ko"],
            ..JAPAN
        },
        "SG" | "MY" | "TH" | "ID" | "PH" | "VN" => SOUTH_EAST_ASIA,
        "AU" | "NZ" => Profile {
            region: Region::Oceania,
            languages: &["en"],
            ..US
        },
        "BR" | "MX" | "AR" | "CL" | "CO" | "PE" => Profile {
            region: Region::LatinAmerica,
            sections: &[
                S::Summary,
                S::Reviews,
                S::Returns,
                S::Company,
                S::Certifications,
                S::Media,
                S::Evidence,
                S::Limitations,
            ],
            languages: &["es", "pt"],
            ..US
        },
        "AE" | "SA" | "QA" | "KW" | "BH" | "OM" | "JO" | "EG" | "IL" => Profile {
            region: Region::MiddleEast,
            sections: &[
                S::Summary,
                S::Reviews,
                S::Returns,
                S::Company,
                S::Certifications,
                S::Evidence,
                S::Media,
                S::Limitations,
            ],
            languages: &["ar", "en"],
            ..US
        },
        _ => Profile {
            region: Region::Other,
            languages: &["en"],
            ..US
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markets_differ_where_shoppers_do() {
        assert_eq!(profile_for("us").sections[1], Section::Returns);
        assert_eq!(profile_for("DE").certification_kinds[0], K::Sustainability);
        assert_eq!(profile_for("JP").sections[1], Section::Returns);
        assert_eq!(profile_for("SG").sections[1], Section::Reviews);
        assert_eq!(profile_for("ZZ").region, Region::Other);
    }
}
