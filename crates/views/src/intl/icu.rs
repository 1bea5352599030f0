//! The native backend of `intl.rs` (never in the wasm), for the static render:
//! the same formats the browser's `Intl` produces, from ICU4X's compiled CLDR
//! data (Chromium's `Intl` is ICU with CLDR too).
//!
//! Each function mirrors the `Intl` call of its namesake in `browser.rs`, option
//! for option; `None` means "what the browser would not format either", and the
//! caller then uses the same fallback the browser path uses. Numbers are rounded the way
//! ICU rounds a JavaScript number: its shortest round-trip decimal, half away from
//! zero ("halfExpand", Intl's default).
//!
//! A bad locale tag falls back to English, as `new Intl.X(badTag)` throwing does
//! in `browser.rs`. Formatters are built per call: `trustctl render` formats a few
//! hundred strings, and compiled data makes building one cheap.

use std::str::FromStr;

use fixed_decimal::{SignedRoundingMode, UnsignedRoundingMode};
use icu_datetime::fieldsets::{E, YMD};
use icu_datetime::input::Date as IcuDate;
use icu_datetime::DateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_experimental::displaynames::multi::{LocaleDisplayNamesFormatter, RegionDisplayNames};
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_list::ListFormatter;
use icu_locale_core::subtags::Region;
use icu_locale_core::{locale, Locale};
use icu_plurals::{PluralCategory, PluralRules};
use trust_manifest::Date;

use super::Backend;

/// ICU4X with its compiled data.
pub struct Icu;

impl Backend for Icu {
    fn date(&self, locale: &str, d: Date) -> Option<String> {
        date(locale, d)
    }
    fn integer(&self, locale: &str, n: f64) -> Option<String> {
        integer(locale, n)
    }
    fn decimal1(&self, locale: &str, n: f64) -> Option<String> {
        decimal1(locale, n)
    }
    fn percent(&self, locale: &str, fraction: f64) -> Option<String> {
        percent(locale, fraction)
    }
    fn currency(&self, locale: &str, code: &str, amount: &str) -> Option<String> {
        currency(locale, code, amount)
    }
    fn plural_category(&self, locale: &str, n: f64) -> Option<String> {
        plural_category(locale, n)
    }
    fn region_name(&self, locale: &str, code: &str) -> Option<String> {
        region_name(locale, code)
    }
    fn language_name(&self, locale: &str, tag: &str) -> Option<String> {
        language_name(locale, tag)
    }
    fn list(&self, locale: &str, items: &[String]) -> Option<String> {
        list(locale, items)
    }
    fn weekday(&self, locale: &str, d: Date) -> Option<String> {
        weekday(locale, d)
    }
}

/// The locale, or English when the tag does not parse (Intl throws a RangeError).
fn loc(tag: &str) -> Locale {
    Locale::from_str(tag).unwrap_or(locale!("en"))
}

/// A JavaScript number as ICU sees it: the shortest decimal that round-trips
/// (Rust's `Display` for f64 prints exactly that, never in exponent form).
fn decimal(n: f64) -> Option<Decimal> {
    n.is_finite()
        .then(|| Decimal::from_str(&format!("{n}")).ok())
        .flatten()
}

/// Intl's default rounding mode: half away from zero.
const HALF_EXPAND: SignedRoundingMode =
    SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand);

/// Rounded at `digits` fraction digits, showing at least `min` of them.
fn rounded(mut d: Decimal, digits: i16, min: i16) -> Decimal {
    d.round_with_mode(-digits, HALF_EXPAND);
    d.absolute.trim_start();
    d.absolute.trim_end();
    d.absolute.pad_end(-min);
    d
}

fn number(locale: &str, d: &Decimal) -> Option<String> {
    let f = DecimalFormatter::try_new((&loc(locale)).into(), Default::default()).ok()?;
    Some(f.format(d).to_string())
}

/// `dateStyle: "medium"`, UTC.
pub fn date(locale: &str, d: Date) -> Option<String> {
    let (y, m, day) = d.ymd();
    let date = IcuDate::try_new_iso(y as i32, m as u8, day as u8).ok()?;
    let f = DateTimeFormatter::try_new((&loc(locale)).into(), YMD::medium()).ok()?;
    Some(f.format(&date).to_string())
}

/// `maximumFractionDigits: 0`.
pub fn integer(locale: &str, n: f64) -> Option<String> {
    number(locale, &rounded(decimal(n)?, 0, 0))
}

/// Exactly one fraction digit.
pub fn decimal1(locale: &str, n: f64) -> Option<String> {
    number(locale, &rounded(decimal(n)?, 1, 1))
}

/// `style: "percent", maximumFractionDigits: 0`: ICU scales the decimal by 100
/// exactly (no float multiplication), then rounds.
pub fn percent(locale: &str, fraction: f64) -> Option<String> {
    let mut d = decimal(fraction)?;
    d.multiply_pow10(2);
    let d = rounded(d, 0, 0);
    let f = PercentFormatter::try_new((&loc(locale)).into(), Default::default()).ok()?;
    Some(f.format(&d).to_string())
}

/// `style: "currency"` with the currency's own fraction digits (JPY none, EUR two).
/// `code` is already checked to be three upper-case letters, `amount` a decimal.
pub fn currency(locale: &str, code: &str, amount: &str) -> Option<String> {
    let currency = CurrencyType::try_from_str(code).ok()?;
    let value = Decimal::from_str(amount).ok()?;
    let f = CurrencyFormatter::try_new_symbol((&loc(locale)).into(), currency, Default::default())
        .ok()?;
    let s = f.format_fixed_decimal(&value).to_string();
    Some(s)
}

/// `Intl.PluralRules(locale).select(n)`: "zero", "one", "two", "few", "many", "other".
pub fn plural_category(locale: &str, n: f64) -> Option<String> {
    let rules = PluralRules::try_new_cardinal((&loc(locale)).into()).ok()?;
    // PluralRules formats with maximumFractionDigits 3 before selecting.
    let d = rounded(decimal(n)?, 3, 0);
    Some(
        match rules.category_for(&d) {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
        .to_owned(),
    )
}

/// `Intl.DisplayNames(locale, {type: "region"}).of(code)`.
pub fn region_name(locale: &str, code: &str) -> Option<String> {
    let region = Region::try_from_str(code).ok()?;
    let names =
        RegionDisplayNames::try_new((&loc(locale)).into(), DisplayNamesOptions::default()).ok()?;
    names.of(region).map(str::to_owned)
}

/// `Intl.DisplayNames(locale, {type: "language"}).of(tag)` (dialect names, long).
pub fn language_name(locale: &str, tag: &str) -> Option<String> {
    let language = Locale::from_str(tag).ok()?;
    let names =
        LocaleDisplayNamesFormatter::try_new((&loc(locale)).into(), DisplayNamesOptions::default())
            .ok()?;
    Some(names.of(&language).into_owned())
}

/// `Intl.ListFormat(locale, {type: "conjunction"})` (style long).
pub fn list(locale: &str, items: &[String]) -> Option<String> {
    let f = ListFormatter::try_new_and(
        (&loc(locale)).into(),
        ListFormatterOptions::default().with_length(ListLength::Wide),
    )
    .ok()?;
    Some(f.format(items.iter().map(String::as_str)).to_string())
}

/// `weekday: "short"`, UTC: the abbreviated name ("Mon", "Mo.", "月").
pub fn weekday(locale: &str, d: Date) -> Option<String> {
    let (y, m, day) = d.ymd();
    let date = IcuDate::try_new_iso(y as i32, m as u8, day as u8).ok()?;
    let f = DateTimeFormatter::try_new((&loc(locale)).into(), E::medium()).ok()?;
    Some(f.format(&date).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Chromium 156's `Intl` gives for the same calls, checked there
    /// (tests/browser/cases/static-html compares whole views, static against live,
    /// in en, de and ja).
    #[test]
    fn formats_like_the_browser() {
        let day = Date::parse("2026-11-20").unwrap();
        assert_eq!(date("de", day).unwrap(), "20.11.2026");
        assert_eq!(date("ja", day).unwrap(), "2026/11/20");
        assert_eq!(date("en", day).unwrap(), "Nov 20, 2026");
        assert_eq!(integer("en", 1284.0).unwrap(), "1,284");
        assert_eq!(integer("de", 1284.0).unwrap(), "1.284");
        assert_eq!(decimal1("de", 4.5).unwrap(), "4,5");
        assert_eq!(decimal1("en", 4.0).unwrap(), "4.0");
        assert_eq!(percent("de", 0.6).unwrap(), "60\u{a0}%");
        assert_eq!(percent("en", 0.004).unwrap(), "0%");
        assert_eq!(currency("de", "EUR", "4.95").unwrap(), "4,95\u{a0}€");
        assert_eq!(currency("en", "USD", "4.5").unwrap(), "$4.50");
        assert_eq!(plural_category("ar", 2.0).unwrap(), "two");
        assert_eq!(plural_category("en", 1.0).unwrap(), "one");
        assert_eq!(region_name("de", "JP").unwrap(), "Japan");
        assert_eq!(language_name("ja", "de").unwrap(), "ドイツ語");
        let items = ["A".to_owned(), "B".to_owned(), "C".to_owned()];
        assert_eq!(list("en", &items).unwrap(), "A, B, and C");
        assert_eq!(list("de", &items).unwrap(), "A, B und C");
        assert_eq!(weekday("de", Date(19_723)).unwrap(), "Mo");
        assert_eq!(weekday("en", Date(19_723)).unwrap(), "Mon");
        assert_eq!(weekday("ja", Date(19_723)).unwrap(), "月");
        assert_eq!(weekday("fr", Date(19_723)).unwrap(), "lun.");
        assert_eq!(currency("ja", "JPY", "800").unwrap(), "￥800");
        assert_eq!(decimal1("en", 4.65).unwrap(), "4.7");
        assert_eq!(
            language_name("en", "zh-Hant").unwrap(),
            "Traditional Chinese"
        );
        // A tag Intl would refuse formats as English, as `browser.rs` falls back.
        assert_eq!(integer("not a tag!", 1284.0).unwrap(), "1,284");
    }
}
