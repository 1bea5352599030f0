//! Dates, numbers, money, plurals, lists and display names in the shopper's
//! locale, through a small backend: the browser's `Intl` in the wasm
//! (`browser.rs`, so the wasm ships no locale data), ICU4X's compiled CLDR data
//! natively (`icu.rs`, for the static HTML of `trustctl render`, which must read
//! exactly as the live widget does; Chromium's `Intl` is ICU with CLDR too).
//!
//! A backend formats or says it cannot (`None`: a malformed code, a missing
//! `Intl`); what to show then is decided here once, for both backends, so a
//! failure reads the same on the page and in the static HTML. The backend is
//! chosen by target at compile time: one implementation per build, called
//! directly, so the wasm pays nothing for the seam.

use trust_manifest::{Date, Money};

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod icu;

#[cfg(target_arch = "wasm32")]
use browser::Browser as Here;
#[cfg(not(target_arch = "wasm32"))]
use icu::Icu as Here;

/// What a backend formats. Each method mirrors one `Intl` call, option for
/// option (see the implementations); `None` means the backend could not format
/// it, and the caller falls back (`Intl`'s own behaviour on a bad locale tag,
/// falling back to English, is the backend's business).
pub trait Backend {
    /// `DateTimeFormat`, `dateStyle: "medium"`, UTC.
    fn date(&self, _locale: &str, _d: Date) -> Option<String> {
        None
    }
    /// `NumberFormat`, `maximumFractionDigits: 0`.
    fn integer(&self, _locale: &str, _n: f64) -> Option<String> {
        None
    }
    /// `NumberFormat`, exactly one fraction digit.
    fn decimal1(&self, _locale: &str, _n: f64) -> Option<String> {
        None
    }
    /// `NumberFormat`, `style: "percent"`, `maximumFractionDigits: 0`.
    fn percent(&self, _locale: &str, _fraction: f64) -> Option<String> {
        None
    }
    /// `NumberFormat`, `style: "currency"`; `code` is three upper-case letters and
    /// `amount` a plain decimal, both checked by the caller.
    fn currency(&self, _locale: &str, _code: &str, _amount: &str) -> Option<String> {
        None
    }
    /// `PluralRules(locale).select(n)`.
    fn plural_category(&self, _locale: &str, _n: f64) -> Option<String> {
        None
    }
    /// `RelativeTimeFormat`, `numeric: "auto"`, in days.
    fn relative_days(&self, _locale: &str, _days: f64) -> Option<String> {
        None
    }
    /// `DisplayNames`, `type: "region"`.
    fn region_name(&self, _locale: &str, _code: &str) -> Option<String> {
        None
    }
    /// `DisplayNames`, `type: "language"`.
    fn language_name(&self, _locale: &str, _tag: &str) -> Option<String> {
        None
    }
    /// `ListFormat`, `type: "conjunction"`.
    fn list(&self, _locale: &str, _items: &[String]) -> Option<String> {
        None
    }
    /// `DateTimeFormat`, `weekday: "short"`, UTC.
    fn weekday(&self, _locale: &str, _d: Date) -> Option<String> {
        None
    }
    /// `n` with `digits` decimals, locale-free: the fallback for numbers. The
    /// browser uses JavaScript's `toFixed` (Rust's float formatting would add
    /// about 10 KB to the wasm).
    fn fixed(&self, n: f64, digits: u8) -> String {
        format!("{n:.*}", usize::from(digits))
    }
}

/// The formats the views use: a backend's answer, or the one fallback.
struct Intl<B>(B);

impl<B: Backend> Intl<B> {
    fn date(&self, locale: &str, d: Date) -> String {
        self.0.date(locale, d).unwrap_or_else(|| d.to_string())
    }

    fn integer(&self, locale: &str, n: f64) -> String {
        self.0
            .integer(locale, n)
            .unwrap_or_else(|| self.0.fixed(n, 0))
    }

    fn decimal1(&self, locale: &str, n: f64) -> String {
        self.0
            .decimal1(locale, n)
            .unwrap_or_else(|| self.0.fixed(n, 1))
    }

    fn percent(&self, locale: &str, fraction: f64) -> String {
        self.0
            .percent(locale, fraction)
            .unwrap_or_else(|| self.0.fixed(fraction * 100.0, 0) + "%")
    }

    /// The amount goes to the backend as its decimal string, which modern engines
    /// format exactly (no float rounding); the currency is ISO 4217.
    fn currency(&self, locale: &str, m: &Money) -> String {
        let code = m.currency.trim().to_ascii_uppercase();
        let valid = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
        let amount_ok = !m.amount.is_empty()
            && m.amount
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        (valid && amount_ok)
            .then(|| self.0.currency(locale, &code, &m.amount))
            .flatten()
            .unwrap_or_else(|| format!("{} {}", m.amount, m.currency))
    }

    fn plural_category(&self, locale: &str, n: f64) -> String {
        self.0.plural_category(locale, n).unwrap_or_else(|| {
            if n == 1.0 {
                "one".into()
            } else {
                "other".into()
            }
        })
    }

    fn relative_days(&self, locale: &str, days: f64) -> String {
        self.0
            .relative_days(locale, days)
            .unwrap_or_else(|| format!("{:+} d", days as i64))
    }

    fn region_name(&self, locale: &str, code: &str) -> String {
        self.0
            .region_name(locale, &code.trim().to_ascii_uppercase())
            .unwrap_or_else(|| code.to_owned())
    }

    fn language_name(&self, locale: &str, tag: &str) -> String {
        self.0
            .language_name(locale, tag.trim())
            .unwrap_or_else(|| tag.to_owned())
    }

    fn list(&self, locale: &str, items: &[String]) -> String {
        self.0
            .list(locale, items)
            .unwrap_or_else(|| items.join(", "))
    }

    fn weekday(&self, locale: &str, monday_based: u32) -> String {
        // 2024-01-01 was a Monday.
        let day = Date(19_723 + monday_based as i32 % 7);
        self.0.weekday(locale, day).unwrap_or_else(|| {
            ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][(monday_based % 7) as usize].into()
        })
    }
}

const HERE: Intl<Here> = Intl(Here);

/// A calendar date, `dateStyle: medium`, in UTC (dates in a manifest are UTC days).
pub fn date(locale: &str, d: Date) -> String {
    HERE.date(locale, d)
}

/// A whole number with the locale's grouping ("1,284", "1.284").
pub fn integer(locale: &str, n: f64) -> String {
    HERE.integer(locale, n)
}

/// A number with exactly one decimal ("4.6", "4,6").
pub fn decimal1(locale: &str, n: f64) -> String {
    HERE.decimal1(locale, n)
}

/// A fraction as a whole percentage (0.42 → "42%", "42 %").
pub fn percent(locale: &str, fraction: f64) -> String {
    HERE.percent(locale, fraction)
}

/// A sum of money; "4.95 EUR" when the code or amount is malformed.
pub fn currency(locale: &str, m: &Money) -> String {
    HERE.currency(locale, m)
}

/// The plural category of `n` ("one", "other", "few"…).
pub fn plural_category(locale: &str, n: f64) -> String {
    HERE.plural_category(locale, n)
}

/// A number of days relative to today ("3 days ago", "yesterday").
// Part of the Intl surface the views may use; no view shows relative dates yet.
#[allow(dead_code)]
pub fn relative_days(locale: &str, days: f64) -> String {
    HERE.relative_days(locale, days)
}

/// A country's name (`JP` → "Japan", "Japon"); the code when unknown or malformed.
pub fn region_name(locale: &str, code: &str) -> String {
    HERE.region_name(locale, code)
}

/// A language's name (`de` → "German", "Deutsch"); the tag when unknown or malformed.
pub fn language_name(locale: &str, tag: &str) -> String {
    HERE.language_name(locale, tag)
}

/// A list joined the locale's way ("English, German and French").
pub fn list(locale: &str, items: &[String]) -> String {
    HERE.list(locale, items)
}

/// The short name of a weekday, 0 = Monday ("Mon", "Mo", "月").
pub fn weekday(locale: &str, monday_based: u32) -> String {
    HERE.weekday(locale, monday_based)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A backend that formats nothing: what shows when `Intl` is missing or
    /// refuses a value.
    struct Nothing;
    impl Backend for Nothing {}

    #[test]
    fn fallbacks() {
        let plain = Intl(Nothing);
        assert_eq!(plain.weekday("en", 0), "Mo");
        assert_eq!(Date::parse("2024-01-01").unwrap(), Date(19_723));
        let money = Money {
            amount: "4.95".into(),
            currency: "EUR".into(),
        };
        assert_eq!(plain.currency("en", &money), "4.95 EUR");
        assert_eq!(plain.plural_category("en", 1.0), "one");
        assert_eq!(plain.integer("en", 1284.4), "1284");
        assert_eq!(plain.decimal1("en", 4.65), "4.7");
        assert_eq!(plain.percent("en", 0.42), "42%");
        assert_eq!(plain.region_name("en", "jp"), "jp");
        assert_eq!(plain.list("en", &["A".into(), "B".into()]), "A, B");
    }

    /// The backend of this build answers, and a malformed currency code falls
    /// back the same way on every backend.
    #[test]
    fn this_build_formats() {
        assert_eq!(plural_category("en", 1.0), "one");
        assert_eq!(integer("en", 1284.0), "1,284");
        let bad = Money {
            amount: "4.95".into(),
            currency: "EURO".into(),
        };
        assert_eq!(currency("en", &bad), "4.95 EURO");
    }
}
