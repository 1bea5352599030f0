//! The editor's form as data: each section, the list it edits, its fields (a
//! JSON pointer relative to the item, the label's string key, the control), and
//! which readiness checks (`trustctl report --help`) belong to it, so the report
//! shows each finding beside the section that fixes it. The vocabulary a select
//! offers is the manifest format's own (`crates/manifest/src/model/`).

use serde_json::{json, Value};

/// A form control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text,
    Url,
    Number,
    Date,
    /// Comma-separated values (countries, product ids).
    List,
    Textarea,
    Select(&'static [&'static str]),
    Bool,
    /// A lower-case hex SHA-256, computed from a file the merchant picks.
    Hash,
}

impl Control {
    /// The `draft::Kind` name the browser sends back with the value.
    pub fn kind(self) -> &'static str {
        match self {
            Control::Number => "number",
            Control::List => "list",
            Control::Bool => "bool",
            _ => "text",
        }
    }
}

pub struct Field {
    /// Pointer relative to the item (or the document, for a single section).
    pub key: &'static str,
    /// The label's string key (`i18n/<tag>.json`).
    pub label: &'static str,
    pub control: Control,
}

/// A list of items inside an item (a certification's evidence documents).
pub struct Sub {
    pub key: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
}

pub struct Section {
    /// The element id and the `title.<id>` string.
    pub id: &'static str,
    /// The list it edits; `None`: fields of the document itself.
    pub list: Option<&'static str>,
    /// Where an item's fields live inside the item (a certification entry holds
    /// `certification`), "" for the item itself.
    pub inner: &'static str,
    pub fields: &'static [Field],
    pub sub: Option<Sub>,
    /// Readiness checks shown in this section.
    pub checks: &'static [&'static str],
}

const fn f(key: &'static str, label: &'static str, control: Control) -> Field {
    Field {
        key,
        label,
        control,
    }
}

/// A list section whose items are edited as they are, with no readiness check.
const fn plain(id: &'static str, list: &'static str, fields: &'static [Field]) -> Section {
    Section {
        id,
        list: Some(list),
        inner: "",
        fields,
        sub: None,
        checks: &[],
    }
}

use Control::*;

const CHANNELS: &[&str] = &[
    "email",
    "phone",
    "whatsapp",
    "line",
    "kakaotalk",
    "wechat",
    "chat",
];
const CERT_KINDS: &[&str] = &[
    "safety",
    "material",
    "sustainability",
    "quality",
    "membership",
];
const RETURN_CATEGORIES: &[&str] = &["finite-window", "unlimited", "not-permitted"];
const RETURN_FEES: &[&str] = &["free-return", "customer-pays", "fixed-fee"];
const REFUND_TYPES: &[&str] = &["full-refund", "store-credit", "exchange"];
const DUTY_TERMS: &[&str] = &["DDP", "DDU"];
const EVIDENCE_KINDS: &[&str] = &["factory-tour", "quality-check", "live-replay", "lab-test"];

pub const SECTIONS: &[Section] = &[
    Section {
        id: "company",
        list: None,
        inner: "",
        fields: &[
            f("/issuer/id", "issuer_id", Text),
            f("/issuer/name", "issuer_name", Text),
            f("/issuer/legal_name", "issuer_legal_name", Text),
            f("/issuer/website", "issuer_website", Url),
            f("/issuer/allowed_origins", "issuer_allowed_origins", List),
            f("/issuer/founded", "issuer_founded", Number),
            f("/issuer/registration/number", "registration_number", Text),
            f("/issuer/registration/country", "registration_country", Text),
            f(
                "/issuer/registration/registry",
                "registration_registry",
                Text,
            ),
            f("/issuer/registration/url", "registration_url", Url),
            f(
                "/company/response_time_hours",
                "company_response_time_hours",
                Number,
            ),
        ],
        sub: None,
        checks: &["registration"],
    },
    Section {
        id: "support",
        list: Some("/company/support"),
        inner: "",
        fields: &[
            f("/kind", "support_kind", Select(CHANNELS)),
            f("/address", "support_address", Text),
            f("/languages", "support_languages", List),
            f("/timezone", "support_timezone", Text),
        ],
        sub: None,
        checks: &["support-language", "support-hours", "chat-support"],
    },
    plain(
        "ship_from",
        "/company/ship_from",
        &[
            f("/country", "location_country", Text),
            f("/city", "location_city", Text),
            f("/role", "location_role", Text),
        ],
    ),
    plain(
        "products",
        "/products",
        &[
            f("/id", "product_id", Text),
            f("/name", "product_name", Text),
            f("/handle", "product_handle", Text),
            f("/sku", "product_sku", Text),
            f("/gtin", "product_gtin", Text),
        ],
    ),
    Section {
        id: "certifications",
        list: Some("/certifications"),
        inner: "/certification",
        fields: &[
            f("/id", "cert_id", Text),
            f("/name", "cert_name", Text),
            f("/kind", "cert_kind", Select(CERT_KINDS)),
            f("/scheme", "cert_scheme", Text),
            f("/issuedBy/name", "cert_issuer", Text),
            f("/issuedBy/url", "cert_issuer_url", Url),
            f("/certificationIdentification", "cert_number", Text),
            f("/url", "cert_lookup", Url),
            f("/scope", "cert_scope", Textarea),
            f("/products", "cert_products", List),
            f("/validFrom", "cert_valid_from", Date),
            f("/expires", "cert_expires", Date),
        ],
        sub: Some(Sub {
            key: "/evidence",
            title: "cert_documents",
            fields: &[
                f("/name", "doc_name", Text),
                f("/url", "doc_url", Url),
                f("/sha256", "doc.sha256", Hash),
            ],
        }),
        checks: &[
            "safety-testing",
            "material-certificates",
            "sustainability-scheme",
            "certificate-expiry",
        ],
    },
    Section {
        id: "policies",
        list: Some("/policies"),
        inner: "",
        fields: &[
            f("/applicableCountry", "policy_markets", List),
            f("/default", "policy_default", Bool),
            f(
                "/returns/returnPolicyCategory",
                "returns_category",
                Select(RETURN_CATEGORIES),
            ),
            f("/returns/merchantReturnDays", "returns_days", Number),
            f("/returns/returnFees", "returns_fees", Select(RETURN_FEES)),
            f(
                "/returns/refundType",
                "returns_refund_type",
                Select(REFUND_TYPES),
            ),
            f("/returns/refundDays", "returns_refund_days", Number),
            f("/returns/inLanguage", "returns_language", Text),
            f("/shipping/shipFrom", "shipping_from", Text),
            f("/shipping/deliveryDays/min", "shipping_min", Number),
            f("/shipping/deliveryDays/max", "shipping_max", Number),
            f("/shipping/carrier", "shipping_carrier", Text),
            f("/duties/terms", "duties_terms", Select(DUTY_TERMS)),
        ],
        sub: None,
        checks: &["returns", "return-fees", "duties", "return-steps"],
    },
    plain(
        "limitations",
        "/limitations",
        &[
            f("/text", "limitation_text", Textarea),
            f("/inLanguage", "limitation_language", Text),
            f("/product", "limitation_product", Text),
        ],
    ),
    plain(
        "evidence",
        "/evidence",
        &[
            f("/kind", "evidence_kind", Select(EVIDENCE_KINDS)),
            f("/title", "evidence_title", Text),
            f("/video", "evidence_video", Url),
            f("/poster", "evidence_poster", Url),
            f("/recorded", "evidence_recorded", Date),
            f("/duration_seconds", "evidence_duration", Number),
            f("/products", "evidence_products", List),
        ],
    ),
    plain(
        "media_mentions",
        "/media_mentions",
        &[
            f("/outlet", "mention_outlet", Text),
            f("/title", "mention_title", Text),
            f("/url", "mention_url", Url),
            f("/date", "mention_date", Date),
            f("/inLanguage", "mention_language", Text),
        ],
    ),
];

/// Checks that belong to no section (reviews come from imports and collectors,
/// the expiry from signing): shown in the overview.
pub const OVERVIEW_CHECKS: &str = "overview";

/// The section a readiness check belongs to.
pub fn section_of(check: &str) -> &'static str {
    SECTIONS
        .iter()
        .find(|s| s.checks.contains(&check))
        .map_or(OVERVIEW_CHECKS, |s| s.id)
}

/// A new item for a list: what the format requires that the merchant cannot get
/// wrong (an id unique in the list, a kind), the rest left for lint to ask for.
pub fn template(list: &str, existing: &[Value]) -> Option<Value> {
    let id = |prefix: &str| {
        let taken = |id: &str| {
            existing.iter().any(|v| {
                v.get("id")
                    .or_else(|| v.pointer("/certification/id"))
                    .and_then(Value::as_str)
                    == Some(id)
            })
        };
        (existing.len() + 1..)
            .map(|n| format!("{prefix}-{n}"))
            .find(|id| !taken(id))
            .expect("an unused number")
    };
    Some(match list {
        "/products" => json!({ "id": id("product") }),
        "/certifications" => {
            json!({ "certification": { "id": id("certification"), "kind": "quality" } })
        }
        "/policies" => json!({ "returns": { "returnPolicyCategory": "finite-window" } }),
        "/limitations" | "/media_mentions" | "/company/ship_from" => json!({}),
        "/company/support" => json!({ "kind": "email" }),
        "/evidence" => json!({ "kind": "quality-check" }),
        _ if list.starts_with("/certifications/") && list.ends_with("/certification/evidence") => {
            json!({})
        }
        _ => return None,
    })
}

/// The field a pointer names, if the form has it: the studio sets nothing else.
pub fn field_at(pointer: &str) -> Option<&'static Field> {
    SECTIONS.iter().find_map(|sec| {
        let rest = match sec.list {
            None => pointer,
            Some(list) => item_rest(pointer, list)?.strip_prefix(sec.inner)?,
        };
        if let Some(f) = sec.fields.iter().find(|f| f.key == rest) {
            return Some(f);
        }
        let sub = sec.sub.as_ref()?;
        let rest = item_rest(rest, sub.key)?;
        sub.fields.iter().find(|f| f.key == rest)
    })
}

/// Whether a pointer names an item the form lists (one it may remove).
pub fn is_item(pointer: &str) -> bool {
    SECTIONS.iter().any(|sec| {
        let Some(list) = sec.list else { return false };
        match item_rest(pointer, list) {
            Some("") => true,
            Some(rest) => sec.sub.as_ref().is_some_and(|sub| {
                rest.strip_prefix(sec.inner)
                    .and_then(|r| item_rest(r, sub.key))
                    == Some("")
            }),
            None => false,
        }
    })
}

/// After `{list}/{index}`: the rest of the pointer.
fn item_rest<'a>(pointer: &'a str, list: &str) -> Option<&'a str> {
    let rest = pointer.strip_prefix(list)?.strip_prefix('/')?;
    let end = rest.find('/').unwrap_or(rest.len());
    let index = &rest[..end];
    (!index.is_empty() && index.bytes().all(|b| b.is_ascii_digit())).then_some(&rest[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_forms_fields_and_items_are_named() {
        assert!(field_at("/issuer/name").is_some());
        assert!(field_at("/certifications/2/certification/url").is_some());
        assert_eq!(
            field_at("/certifications/0/certification/evidence/1/sha256").map(|f| f.control),
            Some(Control::Hash)
        );
        assert!(field_at("/certifications/0/url").is_none());
        assert!(field_at("/reviews/0/body").is_none());
        assert!(field_at("/issued_at").is_none());
        assert!(field_at("/company/support/1/languages").is_some());
        assert!(is_item("/policies/0"));
        assert!(is_item("/certifications/1/certification/evidence/0"));
        assert!(!is_item("/policies"));
        assert!(!is_item("/reviews/0"));
        assert_eq!(section_of("returns"), "policies");
        assert_eq!(section_of("review-count"), OVERVIEW_CHECKS);
    }
}
