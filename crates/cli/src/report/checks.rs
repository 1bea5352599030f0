//! The checks for what a market's shoppers look for (`missing`) and for what is
//! out of date (`stale`). Points come from `score`'s table; review
//! health is in `reviews`.

use trust_manifest::{
    policy_for, Certification, CertificationKind, ChannelKind, Expectation, MarketPolicy, Profile,
    ReturnFees,
};

use crate::report::input::{Claim, Input};
use crate::report::model::{Electronics, Finding};
use crate::report::score::*;

/// Certificates expiring this soon are stale: time to renew and re-sign.
const CERTIFICATE_DAYS: i32 = 60;
/// A collector's counts older than this no longer describe the shop.
const AGGREGATE_DAYS: i32 = 90;
/// Reviews all older than this say nothing about the shop today.
const REVIEW_DAYS: i32 = 365;
/// A signed manifest this close to expiry needs signing again now.
const MANIFEST_SECONDS: i64 = 2 * 86_400;

/// One market as the checks see it.
#[derive(Debug)]
pub struct Market<'a> {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: &'a str,
    pub profile: Profile,
    /// The policy for the market and whether it is the default one.
    pub policy: Option<(&'a MarketPolicy, bool)>,
}

impl<'a> Market<'a> {
    pub fn new(input: &'a Input, code: &'a str) -> Market<'a> {
        Market {
            code,
            profile: trust_manifest::profile_for(code),
            policy: policy_for(&input.manifest.policies, code),
        }
    }

    pub fn expects(&self, e: Expectation) -> bool {
        self.profile.expects.contains(&e)
    }

    /// Whether a BCP 47 tag is one of the market's languages.
    pub fn reads(&self, tag: &str) -> bool {
        self.profile.languages.contains(&primary(tag).as_str())
    }

    fn reads_any(&self, tags: &[String]) -> bool {
        tags.iter().any(|t| self.reads(t))
    }

    /// The market's languages, for messages: "ja", "en/ms/zh".
    pub fn languages(&self) -> String {
        self.profile.languages.join("/")
    }
}

/// The primary language subtag, lower case: `zh-Hans` reads as `zh`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// What shoppers in the market look for and do not find.
pub fn missing(input: &Input, m: &Market, electronics: &Electronics, out: &mut Vec<Finding>) {
    let returns = m.policy.and_then(|(p, _)| p.returns.as_ref());
    match (m.policy, returns) {
        (None, _) => out.push(RETURNS.fail(format!(
            "no return policy for {} and no default one",
            m.code
        ))),
        (Some(_), None) => out.push(RETURNS.fail("the policy for the market has no return terms")),
        (Some(_), Some(r)) => {
            let stated = match r.fees {
                Some(ReturnFees::ReturnShippingFees) => r.shipping_fee.is_some(),
                Some(ReturnFees::Other) | None => false,
                Some(_) => true,
            };
            if !stated {
                out.push(RETURN_FEES.fail("the return terms do not say who pays return shipping"));
            }
        }
    }
    if let Some((p, _)) = m.policy {
        let domestic = p
            .shipping
            .as_ref()
            .is_some_and(|s| s.ship_from.eq_ignore_ascii_case(m.code));
        if p.duties.is_none() && !domestic {
            out.push(DUTIES.fail(format!(
                "import duties are unstated: shoppers in {} cannot tell whether they pay on delivery",
                m.code
            )));
        }
    } else {
        out.push(DUTIES.fail("import duties are unstated (no policy for the market)"));
    }
    match &input.manifest.issuer.registration {
        Some(r) if r.url.is_some() => {}
        Some(_) => {
            out.push(REGISTRATION.fail("the company registration has no public lookup link"))
        }
        None => out.push(
            REGISTRATION.fail("no company registration: shoppers cannot check the company is real"),
        ),
    }
    let support = &input.manifest.company.support;
    if !support.iter().any(|c| m.reads_any(&c.languages)) {
        out.push(SUPPORT_LANGUAGE.fail(format!("no support channel in {}", m.languages())));
    }
    expected(input, m, electronics, out);
}

/// The checks the market's profile adds.
fn expected(input: &Input, m: &Market, electronics: &Electronics, out: &mut Vec<Finding>) {
    let today = input.at;
    let current = |c: &&Claim<Certification>| c.item.valid_on(today);
    if m.expects(Expectation::ElectronicsSafetyTesting) && electronics.detected {
        let marks = m.profile.safety_marks;
        let marked: Vec<&Claim<Certification>> = input
            .certifications
            .iter()
            .filter(current)
            .filter(|c| c.item.kind == CertificationKind::Safety)
            .filter(|c| names_a_mark(&c.item, marks))
            .collect();
        let brand = &input.manifest.issuer;
        let third_party = |c: &&Claim<Certification>| {
            c.attested
                || c.item.issued_by.as_ref().is_some_and(|o| {
                    o.name != brand.name && Some(&o.name) != brand.legal_name.as_ref()
                })
        };
        if marked.is_empty() {
            out.push(SAFETY_TESTING.fail(format!(
                "electronics without a current safety certificate under a mark shoppers in {} know ({})",
                m.code,
                marks.join(", ")
            )));
        } else if !marked.iter().any(third_party) {
            out.push(SAFETY_TESTING.fail(format!(
                "{} names no third-party testing body",
                marked[0].item.name
            )));
        }
    }
    if m.expects(Expectation::MaterialCertificates) {
        let ok = input.certifications.iter().filter(current).any(|c| {
            matches!(
                c.item.kind,
                CertificationKind::Material | CertificationKind::Sustainability
            ) && c.item.scheme.is_some()
                && c.item.issued_by.is_some()
        });
        if !ok {
            out.push(MATERIAL_CERTIFICATES.fail(
                "no current material or sustainability certificate (e.g. OEKO-TEX, GOTS, FSC, EU Ecolabel)",
            ));
        }
    }
    if m.expects(Expectation::BackedSustainabilityClaims) {
        for c in &input.certifications {
            if c.item.is_unbacked_sustainability_label() {
                out.push(SUSTAINABILITY_SCHEME.fail(format!(
                    "{:?} is a sustainability label with no scheme or issuer: not shown, and unlawful in the EU from 27 Sep 2026",
                    c.item.name
                )));
            }
        }
    }
    if m.expects(Expectation::ReturnStepsInLanguage) {
        let returns = m.policy.and_then(|(p, _)| p.returns.as_ref());
        let ok = returns.is_some_and(|r| {
            !r.steps.is_empty() && r.language.as_deref().is_some_and(|l| m.reads(l))
        });
        if !ok {
            out.push(RETURN_STEPS.fail(format!(
                "no step-by-step return instructions in {}",
                m.languages()
            )));
        }
    }
    let support = &input.manifest.company.support;
    if m.expects(Expectation::SupportHoursInLanguage) {
        let ok = support
            .iter()
            .any(|c| m.reads_any(&c.languages) && !c.hours.is_empty() && c.timezone.is_some());
        if !ok {
            out.push(SUPPORT_HOURS.fail(format!(
                "no support hours (with time zone) for a channel in {}",
                m.languages()
            )));
        }
    }
    if m.expects(Expectation::ChatInLanguage) {
        let chat = |k: ChannelKind| {
            matches!(
                k,
                ChannelKind::WhatsApp
                    | ChannelKind::Line
                    | ChannelKind::WeChat
                    | ChannelKind::KakaoTalk
                    | ChannelKind::Chat
            )
        };
        if !support
            .iter()
            .any(|c| chat(c.kind) && m.reads_any(&c.languages))
        {
            out.push(CHAT_SUPPORT.fail(format!(
                "no chat support (WhatsApp, LINE, WeChat, web chat) in {}",
                m.languages()
            )));
        }
    }
}

/// What is out of date at `input.at`, or soon will be. The same for every market.
pub fn stale(input: &Input, out: &mut Vec<Finding>) {
    let today = input.at;
    let mut lost = 0;
    for c in &input.certifications {
        let c = &c.item;
        let (Some(expires), false) = (c.expires, c.is_unbacked_sustainability_label()) else {
            continue;
        };
        let left = expires.0 - today.0;
        let message = if left < 0 {
            format!(
                "{} expired on {expires}: shown as expired, or not at all",
                c.name
            )
        } else if left <= CERTIFICATE_DAYS {
            format!("{} expires on {expires}, in {left} days: renew it", c.name)
        } else {
            continue;
        };
        let points = CERTIFICATE_EXPIRY.points.min(15 - lost);
        lost += points;
        out.push(CERTIFICATE_EXPIRY.fail_with(points, message));
    }
    let old = input
        .aggregates
        .iter()
        .filter(|a| today.0 - a.item.as_of.0 > AGGREGATE_DAYS)
        .min_by_key(|a| a.item.as_of);
    if let Some(a) = old {
        out.push(AGGREGATE_AGE.fail(format!(
            "the collector's counts are as of {}, {} days ago",
            a.item.as_of,
            today.0 - a.item.as_of.0
        )));
    }
    let newest = input.reviews.iter().map(|r| r.item.date).max();
    if let Some(newest) = newest.filter(|d| today.0 - d.0 > REVIEW_DAYS) {
        out.push(REVIEW_AGE.fail(format!(
            "the newest review is from {newest}: every review is over a year old"
        )));
    }
    if input.signed {
        let expires = input.manifest.expires_at;
        if input.now >= expires {
            out.push(MANIFEST_EXPIRY.fail_with(
                100,
                format!("the manifest expired at {expires}: widgets show nothing from it; sign it again"),
            ));
        } else if expires.0 - input.now.0 < MANIFEST_SECONDS {
            out.push(MANIFEST_EXPIRY.fail(format!(
                "the manifest expires at {expires}: sign it again now"
            )));
        }
    }
}

/// Whether a certificate's name or scheme names one of the marks, as a word:
/// "UL 62368-1" names UL, "bluesign" does not name "UL".
pub fn names_a_mark(c: &Certification, marks: &[&str]) -> bool {
    marks_named(c).iter().any(|w| marks.contains(w))
}

fn marks_named(c: &Certification) -> Vec<&str> {
    let scheme = c.scheme.as_deref().unwrap_or_default();
    c.name
        .split(|ch: char| !ch.is_ascii_alphanumeric())
        .chain(scheme.split(|ch: char| !ch.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Marks that only electrical and radio products carry. CE and UKCA are not
/// among them: toys, PPE and sleeping bags carry CE too.
const ELECTRONICS_MARKS: &[&str] = &[
    "FCC", "UL", "ETL", "PSE", "TELEC", "KC", "RCM", "RoHS", "WEEE", "RED", "EMC", "LVD", "ISED",
];
/// Words in product names that say electronics (English names).
const ELECTRONICS_WORDS: &[&str] = &[
    "charger",
    "earbuds",
    "earphones",
    "headphones",
    "headset",
    "speaker",
    "battery",
    "power bank",
    "usb",
    "bluetooth",
    "adapter",
    "laptop",
    "smartphone",
];

/// Whether the manifest sells electronics, and why it looks so.
pub fn electronics(input: &Input) -> Electronics {
    let mut marks: Vec<String> = Vec::new();
    for c in &input.certifications {
        for w in marks_named(&c.item) {
            if ELECTRONICS_MARKS.contains(&w) && !marks.iter().any(|m| m == w) {
                marks.push(w.to_owned());
            }
        }
    }
    let products: Vec<String> = input
        .manifest
        .products
        .iter()
        .filter(|p| {
            let name = p.name.to_lowercase();
            ELECTRONICS_WORDS.iter().any(|w| name.contains(w))
        })
        .map(|p| p.id.clone())
        .collect();
    Electronics {
        detected: !marks.is_empty() || !products.is_empty(),
        marks,
        products,
    }
}
