//! Market profiles: which trust signals shoppers in a market look for first.
//! One definition, used by the widget (section order) and by `trustctl report`
//! (what is missing). Grounded in PRODUCT.md's research: US shoppers look for
//! clear returns, compliance and third-party testing; EU shoppers for
//! sustainability and material certificates; JP for detail, service and returns;
//! South-East Asia for social proof and chat support in their language.

use crate::model::{CertificationKind, Section};

/// Evidence a market's shoppers look for beyond what every market wants
/// (return terms, duties, reviews). `trustctl report` scores a manifest against
/// these; the widget only needs the section order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// Electronics tested by a third party under a mark shoppers there know
    /// (`Profile::safety_marks`): FCC and UL in the US, CE in the EU, PSE in Japan.
    ElectronicsSafetyTesting,
    /// Material or sustainability certificates (OEKO-TEX, GOTS, FSC, EU Ecolabel).
    MaterialCertificates,
    /// Sustainability labels only with a certification scheme and issuer
    /// (EU Directive 2024/825, from 27 Sep 2026).
    BackedSustainabilityClaims,
    /// Step-by-step return instructions in the shoppers' language.
    ReturnStepsInLanguage,
    /// Support opening hours (and time zone) on a channel in the shoppers' language.
    SupportHoursInLanguage,
    /// Chat support (WhatsApp, LINE, WeChat, web chat) in the shoppers' language.
    ChatInLanguage,
    /// Reviews in the shoppers' language weigh more than elsewhere (social proof).
    ReviewsInLanguage,
}

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
    /// Per country where known (DE: German), else the region's.
    pub languages: &'static [&'static str],
    /// What shoppers there look for beyond the common signals.
    pub expects: &'static [Expectation],
    /// Safety marks shoppers there recognise on electronics, as written in a
    /// certification's name or scheme.
    pub safety_marks: &'static [&'static str],
}

use CertificationKind as K;
use Expectation as E;
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
    expects: &[E::ElectronicsSafetyTesting],
    // FCC for radio emitters, UL/ETL/CSA for electrical safety (NRTL marks).
    safety_marks: &["FCC", "UL", "ETL", "CSA"],
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
    expects: &[
        E::MaterialCertificates,
        E::BackedSustainabilityClaims,
        E::ElectronicsSafetyTesting,
    ],
    safety_marks: &["CE"],
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
    expects: &[
        E::ReturnStepsInLanguage,
        E::SupportHoursInLanguage,
        E::ElectronicsSafetyTesting,
    ],
    // PSE (electrical appliances) and the MIC "giteki" radio mark (TELEC).
    safety_marks: &["PSE", "TELEC", "MIC"],
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
    expects: &[E::ChatInLanguage, E::ReviewsInLanguage],
    safety_marks: &[],
};

/// The profile for an ISO 3166-1 alpha-2 market (case-insensitive).
pub fn profile_for(market: &str) -> Profile {
    let m = market.to_ascii_uppercase();
    let mut profile = region_profile(&m);
    if let Some(languages) = country_languages(&m) {
        profile.languages = languages;
    }
    profile
}

/// The languages of one country's shoppers, where the region's list would be
/// too wide: a German shopper reads German reviews, not Swedish ones.
fn country_languages(m: &str) -> Option<&'static [&'static str]> {
    Some(match m {
        "DE" | "AT" => &["de"],
        "CH" => &["de", "fr", "it"],
        "FR" => &["fr"],
        "NL" => &["nl"],
        "BE" => &["nl", "fr", "de"],
        "LU" => &["fr", "de", "lb"],
        "SE" => &["sv"],
        "DK" => &["da"],
        "NO" => &["nb", "no", "nn"],
        "FI" => &["fi", "sv"],
        "IS" => &["is"],
        "IT" => &["it"],
        "ES" => &["es"],
        "PT" => &["pt"],
        "PL" => &["pl"],
        "CZ" => &["cs"],
        "SG" => &["en", "zh", "ms", "ta"],
        "MY" => &["ms", "en", "zh"],
        "TH" => &["th"],
        "ID" => &["id"],
        "PH" => &["fil", "en"],
        "VN" => &["vi"],
        "BR" => &["pt"],
        "MX" | "AR" | "CL" | "CO" | "PE" => &["es"],
        "IL" => &["he", "ar", "en"],
        "TW" => &["zh"],
        "HK" => &["zh", "en"],
        "CN" => &["zh"],
        _ => return None,
    })
}

fn region_profile(m: &str) -> Profile {
    match m {
        "US" => US,
        "CA" => Profile {
            region: Region::Canada,
            languages: &["en", "fr"],
            safety_marks: &["CSA", "UL", "ETL", "ISED"],
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
            safety_marks: &["UKCA", "CE"],
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
            safety_marks: &["KC"],
            ..JAPAN
        },
        "SG" | "MY" | "TH" | "ID" | "PH" | "VN" => SOUTH_EAST_ASIA,
        "AU" | "NZ" => Profile {
            region: Region::Oceania,
            languages: &["en"],
            safety_marks: &["RCM"],
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
            // Marks differ per country (NOM, INMETRO, ANATEL): none assumed.
            expects: &[],
            safety_marks: &[],
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
            expects: &[],
            safety_marks: &[],
            ..US
        },
        _ => Profile {
            region: Region::Other,
            languages: &["en"],
            // Which safety mark shoppers know is unknown here: none assumed.
            expects: &[],
            safety_marks: &[],
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

    #[test]
    fn countries_read_their_own_languages() {
        assert_eq!(profile_for("de").languages, &["de"]);
        assert_eq!(profile_for("TH").languages, &["th"]);
        assert_eq!(profile_for("GB").languages, &["en"]);
        assert_eq!(profile_for("SG").region, Region::SouthEastAsia);
        assert!(profile_for("SG").expects.contains(&E::ChatInLanguage));
        assert!(profile_for("JP").safety_marks.contains(&"PSE"));
        assert!(profile_for("KR")
            .expects
            .contains(&E::ReturnStepsInLanguage));
    }
}
