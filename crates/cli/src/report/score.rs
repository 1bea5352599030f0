//! The checks behind a market's score, as one table: `trustctl report --help`
//! prints it, the README repeats it (a test keeps the two equal), and the
//! checks take their points from it, so the documented score is the computed one.

use std::fmt::Write as _;

use crate::report::model::{Category, Finding};

/// One check. A failed check costs `points` (or the smaller `partial`, see `note`).
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub id: &'static str,
    pub category: Category,
    /// Which markets it applies to.
    pub applies: &'static str,
    pub points: u32,
    /// How points vary, when they do.
    pub note: &'static str,
    /// What passing takes.
    pub passes: &'static str,
}

use Category::{Missing, Reviews, Stale};

pub const RETURNS: Check = Check {
    id: "returns",
    category: Missing,
    applies: "all",
    points: 15,
    note: "",
    passes: "a return policy applies to the market (its own or the default) and has return terms",
};
pub const RETURN_FEES: Check = Check {
    id: "return-fees",
    category: Missing,
    applies: "all",
    points: 10,
    note: "",
    passes:
        "the return terms say who pays return shipping (`returnFees`; a fixed fee gives its amount)",
};
pub const DUTIES: Check = Check {
    id: "duties",
    category: Missing,
    applies: "all",
    points: 10,
    note: "",
    passes: "the policy states duties (DDP or DDU), or ships from inside the market",
};
pub const REGISTRATION: Check = Check {
    id: "registration",
    category: Missing,
    applies: "all",
    points: 5,
    note: "",
    passes: "the company registration is given with a public lookup link",
};
pub const SUPPORT_LANGUAGE: Check = Check {
    id: "support-language",
    category: Missing,
    applies: "all",
    points: 5,
    note: "",
    passes: "a support channel speaks one of the market's languages",
};
pub const SAFETY_TESTING: Check = Check {
    id: "safety-testing",
    category: Missing,
    applies: "electronics in US CA EU GB JP KR AU NZ",
    points: 15,
    note: "",
    passes: "a current safety certificate names a mark the market knows (US: FCC UL ETL CSA; CA: CSA UL ETL ISED; EU: CE; GB: UKCA CE; JP: PSE TELEC MIC; KR: KC; AU NZ: RCM) and a testing body, or is attested",
};
pub const MATERIAL_CERTIFICATES: Check = Check {
    id: "material-certificates",
    category: Missing,
    applies: "EU GB",
    points: 15,
    note: "",
    passes: "a current material or sustainability certificate names its scheme and issuer",
};
pub const SUSTAINABILITY_SCHEME: Check = Check {
    id: "sustainability-scheme",
    category: Missing,
    applies: "EU GB",
    points: 10,
    note: "",
    passes: "no sustainability label lacks a scheme or an issuer (EU 2024/825)",
};
pub const RETURN_STEPS: Check = Check {
    id: "return-steps",
    category: Missing,
    applies: "JP KR",
    points: 10,
    note: "",
    passes: "the return terms give step-by-step instructions in a market language",
};
pub const SUPPORT_HOURS: Check = Check {
    id: "support-hours",
    category: Missing,
    applies: "JP KR",
    points: 10,
    note: "",
    passes: "a support channel in a market language states its hours and time zone",
};
pub const CHAT_SUPPORT: Check = Check {
    id: "chat-support",
    category: Missing,
    applies: "SEA",
    points: 15,
    note: "",
    passes: "WhatsApp, LINE, WeChat, KakaoTalk or web chat in a market language",
};
pub const REVIEW_COUNT: Check = Check {
    id: "review-count",
    category: Reviews,
    applies: "all",
    points: 15,
    note: "5 with 1-4 reviews",
    passes: "at least 5 reviews",
};
pub const REVIEW_LANGUAGE: Check = Check {
    id: "review-language",
    category: Reviews,
    applies: "all",
    points: 5,
    note: "10 in SEA",
    passes: "at least one review in a market language",
};
pub const REVIEW_ATTESTED: Check = Check {
    id: "review-attested",
    category: Reviews,
    applies: "all",
    points: 10,
    note: "5 when some are",
    passes: "at least half the reviews come in a review collector's attestation",
};
pub const RATING_MIX: Check = Check {
    id: "rating-mix",
    category: Reviews,
    applies: "all",
    points: 5,
    note: "",
    passes: "with 3 or more reviews, not every one is 5 stars",
};
pub const REVIEW_LABELS: Check = Check {
    id: "review-labels",
    category: Reviews,
    applies: "all",
    points: 5,
    note: "",
    passes: "no review reads as incentivised or by an insider without being marked so",
};
pub const CERTIFICATE_EXPIRY: Check = Check {
    id: "certificate-expiry",
    category: Stale,
    applies: "all",
    points: 5,
    note: "per certificate, at most 15",
    passes: "no certificate has expired or expires within 60 days",
};
pub const AGGREGATE_AGE: Check = Check {
    id: "aggregate-age",
    category: Stale,
    applies: "all",
    points: 5,
    note: "",
    passes: "every collector aggregate is at most 90 days old",
};
pub const REVIEW_AGE: Check = Check {
    id: "review-age",
    category: Stale,
    applies: "all",
    points: 10,
    note: "",
    passes: "at least one review is less than a year old",
};
pub const MANIFEST_EXPIRY: Check = Check {
    id: "manifest-expiry",
    category: Stale,
    applies: "signed",
    points: 5,
    note: "expired: score 0",
    passes: "the signed manifest is valid for 2 more days or longer",
};

/// Every check, in the order findings are listed.
pub const CHECKS: &[Check] = &[
    RETURNS,
    RETURN_FEES,
    DUTIES,
    REGISTRATION,
    SUPPORT_LANGUAGE,
    SAFETY_TESTING,
    MATERIAL_CERTIFICATES,
    SUSTAINABILITY_SCHEME,
    RETURN_STEPS,
    SUPPORT_HOURS,
    CHAT_SUPPORT,
    REVIEW_COUNT,
    REVIEW_LANGUAGE,
    REVIEW_ATTESTED,
    RATING_MIX,
    REVIEW_LABELS,
    CERTIFICATE_EXPIRY,
    AGGREGATE_AGE,
    REVIEW_AGE,
    MANIFEST_EXPIRY,
];

/// What the score is, in words (help and README).
pub const RULE: &str = "\
A market's score is 100 minus the points of every check it fails, at least 0.
A signed manifest that has expired scores 0: widgets show nothing from it.
\"EU\" is the market profile's European countries, \"SEA\" SG MY TH ID PH VN.";

impl Check {
    /// A failed check at its full points.
    pub fn fail(&self, message: impl Into<String>) -> Finding {
        self.fail_with(self.points, message)
    }

    /// A failed check at other points (see `note`).
    pub fn fail_with(&self, points: u32, message: impl Into<String>) -> Finding {
        Finding {
            check: self.id,
            category: self.category,
            points,
            message: message.into(),
        }
    }

    /// Points as the tables print them: "15", or "5 (10 in SEA)".
    pub fn points_text(&self) -> String {
        if self.note.is_empty() {
            self.points.to_string()
        } else {
            format!("{} ({})", self.points, self.note)
        }
    }
}

/// 100 minus the points lost, at least 0.
pub fn score(findings: &[Finding]) -> u32 {
    100u32.saturating_sub(findings.iter().map(|f| f.points).sum())
}

/// The table for `trustctl report --help`, within 80 columns.
pub fn help_table() -> String {
    let mut s = String::from(RULE);
    s.push_str("\n\nChecks (points lost when failed; markets it applies to):\n");
    for c in CHECKS {
        let _ = writeln!(s, "  {} -{}, {}", c.id, c.points_text(), c.applies);
        for line in crate::report::wrap::wrap(c.passes, 72) {
            let _ = writeln!(s, "      {line}");
        }
    }
    s
}

/// The same table as Markdown, for the README (a test compares them).
#[cfg(test)]
pub fn markdown_table() -> String {
    let mut s = String::from(
        "| Check | Markets | Points lost | Passes when |\n| --- | --- | --- | --- |\n",
    );
    for c in CHECKS {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            c.id,
            c.applies,
            c.points_text(),
            c.passes
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use trust_manifest::{profile_for, Expectation as E};

    /// The README documents exactly the table the score is computed from.
    #[test]
    fn readme_has_the_table() {
        let readme = include_str!("../../../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md's \"Trust readiness report\" table differs; it should be:\n{table}"
        );
        assert!(
            readme.contains(RULE),
            "README.md should state the rule:\n{RULE}"
        );
    }

    /// The "Markets" column says what the profiles say.
    #[test]
    fn applies_matches_the_profiles() {
        let expects = |m: &str, e: E| profile_for(m).expects.contains(&e);
        for m in ["US", "CA", "DE", "FR", "GB", "JP", "KR", "AU", "NZ"] {
            assert!(expects(m, E::ElectronicsSafetyTesting), "{m}");
        }
        for m in ["SG", "MX", "AE", "ZZ"] {
            assert!(!expects(m, E::ElectronicsSafetyTesting), "{m}");
        }
        for m in ["DE", "SE", "GB"] {
            assert!(expects(m, E::MaterialCertificates), "{m}");
            assert!(expects(m, E::BackedSustainabilityClaims), "{m}");
        }
        for m in ["JP", "KR"] {
            assert!(expects(m, E::ReturnStepsInLanguage), "{m}");
            assert!(expects(m, E::SupportHoursInLanguage), "{m}");
        }
        for m in ["SG", "MY", "TH", "ID", "PH", "VN"] {
            assert!(expects(m, E::ChatInLanguage), "{m}");
            assert!(expects(m, E::ReviewsInLanguage), "{m}");
        }
        assert!(!expects("US", E::ChatInLanguage));
        assert_eq!(profile_for("JP").safety_marks, &["PSE", "TELEC", "MIC"]);
        assert_eq!(profile_for("US").safety_marks, &["FCC", "UL", "ETL", "CSA"]);
    }

    #[test]
    fn help_fits_80_columns() {
        for line in help_table().lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
    }
}
