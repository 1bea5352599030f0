use alloc::string::String;
use alloc::vec::Vec;

use super::*;

model! {
    /// Return, shipping and duties terms for one or more markets.
    pub struct MarketPolicy {
        /// ISO 3166-1 alpha-2 markets these terms apply to (schema.org `applicableCountry`).
        #[serde(rename = "applicableCountry", default)]
        pub markets: Vec<String>,
        /// Used for markets no other policy names.
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        pub default: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub returns: Option<ReturnPolicy>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub shipping: Option<Shipping>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub duties: Option<Duties>,
    }

    /// After schema.org `MerchantReturnPolicy`.
    pub struct ReturnPolicy {
        #[serde(rename = "returnPolicyCategory")]
        pub category: ReturnCategory,
        /// Days the shopper has to return.
        #[serde(rename = "merchantReturnDays", default, skip_serializing_if = "Option::is_none")]
        pub days: Option<u32>,
        /// Who pays return shipping.
        #[serde(rename = "returnFees", default, skip_serializing_if = "Option::is_none")]
        pub fees: Option<ReturnFees>,
        /// Return shipping cost when the shopper pays a fixed amount.
        #[serde(rename = "returnShippingFeesAmount", default, skip_serializing_if = "Option::is_none")]
        pub shipping_fee: Option<Money>,
        #[serde(rename = "restockingFee", default, skip_serializing_if = "Option::is_none")]
        pub restocking_fee: Option<Money>,
        #[serde(rename = "refundType", default, skip_serializing_if = "Option::is_none")]
        pub refund_type: Option<RefundType>,
        /// Days from receiving the return to the refund (extension).
        #[serde(rename = "refundDays", default, skip_serializing_if = "Option::is_none")]
        pub refund_days: Option<u32>,
        /// Where returns go, ISO 3166-1 alpha-2 (schema.org `returnPolicyCountry`).
        #[serde(rename = "returnPolicyCountry", default, skip_serializing_if = "Option::is_none")]
        pub return_country: Option<String>,
        /// Step-by-step instructions (extension), in `language`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub steps: Vec<String>,
        #[serde(rename = "inLanguage", default, skip_serializing_if = "Option::is_none")]
        pub language: Option<String>,
    }

    /// A sum of money. The amount is a decimal string: no float rounding.
    pub struct Money {
        /// Decimal, e.g. "4.95".
        pub amount: String,
        /// ISO 4217, e.g. "EUR".
        pub currency: String,
    }

    /// Delivery to a market.
    pub struct Shipping {
        /// ISO 3166-1 alpha-2 country the parcel ships from.
        #[serde(rename = "shipFrom")]
        pub ship_from: String,
        #[serde(rename = "deliveryDays")]
        pub delivery_days: DayRange,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub carrier: Option<String>,
    }

    /// An inclusive range of days.
    pub struct DayRange {
        pub min: u32,
        pub max: u32,
    }

    /// Import duties and taxes (extension: schema.org has no term for them).
    pub struct Duties {
        pub terms: DutyTerms,
    }
}

vocabulary! {
    /// schema.org `MerchantReturnEnumeration`, shortened.
    pub enum ReturnCategory {
        FiniteWindow = "finite-window",
        Unlimited = "unlimited",
        NotPermitted = "not-permitted",
    }
}

vocabulary! {
    /// schema.org `ReturnFeesEnumeration`, shortened.
    pub enum ReturnFees {
        FreeReturn = "free-return",
        CustomerResponsibility = "customer-pays",
        ReturnShippingFees = "fixed-fee",
    }
}

vocabulary! {
    /// schema.org `RefundTypeEnumeration`, shortened.
    pub enum RefundType {
        FullRefund = "full-refund",
        StoreCredit = "store-credit",
        Exchange = "exchange",
    }
}

vocabulary! {
    /// Incoterms for duties and import taxes.
    pub enum DutyTerms {
        /// Delivered Duty Paid: included in the price, nothing due on delivery.
        Ddp = "DDP",
        /// Delivered Duty Unpaid: the shopper pays on delivery.
        Ddu = "DDU",
    }
}

impl MarketPolicy {
    /// Whether this policy names the market (ISO 3166-1 alpha-2, case-insensitive).
    pub fn covers(&self, market: &str) -> bool {
        self.markets.iter().any(|m| m.eq_ignore_ascii_case(market))
    }
}

/// The policy for a market: the one naming it, else the default. The flag says
/// whether it is the fallback, so the UI can say so.
pub fn policy_for<'a>(
    policies: &'a [MarketPolicy],
    market: &str,
) -> Option<(&'a MarketPolicy, bool)> {
    policies
        .iter()
        .find(|p| p.covers(market))
        .map(|p| (p, false))
        .or_else(|| policies.iter().find(|p| p.default).map(|p| (p, true)))
}
