//! The generic order webhook's body (README "Generic order webhook"): one JSON
//! object per order, unknown fields refused so a typo is an error, not a silent
//! omission.

use serde::Deserialize;

use crate::orders::{Invalid, Item, Order};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericOrder {
    pub order_id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// RFC 3339; default: when received.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339; absent while the order is not fulfilled.
    #[serde(default)]
    pub fulfilled_at: Option<String>,
    #[serde(default)]
    pub items: Vec<GenericItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericItem {
    pub product_id: String,
    #[serde(default)]
    pub sku: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// An RFC 3339 time, or an error naming the field.
pub fn parse_time(field: &str, v: Option<&str>) -> Result<Option<i64>, Invalid> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => trust_manifest::Timestamp::parse(s)
            .map(|t| Some(t.0))
            .ok_or_else(|| Invalid(format!("{field} {s:?} is not an RFC 3339 time"))),
    }
}

impl GenericOrder {
    pub fn into_order(self, now: i64) -> Result<Order, Invalid> {
        Ok(Order {
            order_id: self.order_id,
            email: self.email,
            locale: self.locale,
            country: self.country,
            created_at: parse_time("created_at", self.created_at.as_deref())?
                .unwrap_or(now)
                .min(now),
            fulfilled_at: parse_time("fulfilled_at", self.fulfilled_at.as_deref())?
                .map(|t| t.min(now)),
            items: self
                .items
                .into_iter()
                .map(|i| Item {
                    product_id: i.product_id,
                    sku: i.sku,
                    title: i.title,
                })
                .collect(),
        })
    }
}
