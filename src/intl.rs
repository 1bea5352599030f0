//! Thin wrappers over the browser's `Intl`: dates, numbers, money, plurals,
//! relative time, lists and display names, so the wasm ships no locale data.
//!
//! Everything goes through `Reflect` on the global `Intl` object with caught
//! exceptions, rather than js-sys's typed constructors: those throw (and so abort
//! the wasm) on a bad locale tag from the embed or an unknown region or currency
//! code in a manifest. Here a bad locale falls back to English and a bad code to
//! the code itself. Formatters are cached per locale and options: building one is
//! far costlier than using it.
//!
//! Off wasm (native unit tests) every function returns its plain fallback, except
//! with the `static-render` feature: there `intl_icu.rs` formats the same strings
//! from ICU4X's CLDR data, for HTML rendered ahead of time (`trustctl render`).

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use trust_manifest::{Date, Money};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    // A list, not a map: a page needs a handful of formatters, and a HashMap
    // instantiation costs more wasm than a linear search over a handful.
    static CACHE: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// Returns what the native ICU4X backend (`static-render` only) made of `$e`, if anything.
macro_rules! native {
    ($e:expr) => {
        #[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
        if let Some(s) = $e {
            return s;
        }
    };
}

/// A cached `new Intl[ctor](locale, options)`; `key` names the options in the cache.
fn formatter(ctor: &str, locale: &str, key: &str, options: &[(&str, &str)]) -> Option<JsValue> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    let cache_key = format!("{ctor}\u{1}{locale}\u{1}{key}");
    let cached = CACHE.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == cache_key)
            .map(|(_, f)| f.clone())
    });
    if let Some(f) = cached {
        return Some(f);
    }
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let class: Function = Reflect::get(&intl, &ctor.into()).ok()?.dyn_into().ok()?;
    let opts = Object::new();
    for (k, v) in options {
        let _ = Reflect::set(&opts, &(*k).into(), &(*v).into());
    }
    let build = |loc: &str| Reflect::construct(&class, &Array::of2(&loc.into(), &opts)).ok();
    // A malformed locale tag throws a RangeError; English is a fine fallback. A
    // bad option value (an unknown currency code) fails both: no formatter.
    let made = build(locale).or_else(|| build("en"))?;
    CACHE.with(|c| c.borrow_mut().push((cache_key, made.clone())));
    Some(made)
}

/// Calls `f[method](arg)` and returns a string result, catching exceptions.
fn call(f: &JsValue, method: &str, arg: &JsValue) -> Option<String> {
    let m: Function = Reflect::get(f, &method.into()).ok()?.dyn_into().ok()?;
    m.call1(f, arg).ok()?.as_string()
}

/// Formats with a cached NumberFormat. The value is built only once a formatter
/// exists (building a JsValue off wasm would panic in native tests).
fn number_with(
    locale: &str,
    key: &str,
    options: &[(&str, &str)],
    value: impl FnOnce() -> JsValue,
) -> Option<String> {
    let f = formatter("NumberFormat", locale, key, options)?;
    call(&f, "format", &value())
}

/// A calendar date, `dateStyle: medium`, in UTC (dates in a manifest are UTC days).
pub fn date(locale: &str, d: Date) -> String {
    native!(crate::intl_icu::date(locale, d));
    formatter(
        "DateTimeFormat",
        locale,
        "date",
        &[("dateStyle", "medium"), ("timeZone", "UTC")],
    )
    .and_then(|f| {
        let js = js_sys::Date::new(&JsValue::from_f64(d.start().0 as f64 * 1000.0));
        call(&f, "format", &js)
    })
    .unwrap_or_else(|| d.to_string())
}

/// A whole number with the locale's grouping ("1,284", "1.284").
pub fn integer(locale: &str, n: f64) -> String {
    native!(crate::intl_icu::integer(locale, n));
    number_with(locale, "int", &[("maximumFractionDigits", "0")], || {
        n.into()
    })
    .unwrap_or_else(|| fixed(n, 0))
}

/// A number with exactly one decimal ("4.6", "4,6").
pub fn decimal1(locale: &str, n: f64) -> String {
    native!(crate::intl_icu::decimal1(locale, n));
    number_with(
        locale,
        "d1",
        &[
            ("minimumFractionDigits", "1"),
            ("maximumFractionDigits", "1"),
        ],
        || n.into(),
    )
    .unwrap_or_else(|| fixed(n, 1))
}

/// A fraction as a whole percentage (0.42 → "42%", "42 %").
pub fn percent(locale: &str, fraction: f64) -> String {
    native!(crate::intl_icu::percent(locale, fraction));
    number_with(
        locale,
        "pct",
        &[("style", "percent"), ("maximumFractionDigits", "0")],
        || fraction.into(),
    )
    .unwrap_or_else(|| fixed(fraction * 100.0, 0) + "%")
}

/// `n` with `digits` decimals, for when Intl is missing. In the browser through
/// JavaScript's `toFixed`: Rust's float formatting would add about 10 KB to the wasm.
fn fixed(n: f64, digits: u8) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Number::from(n)
            .to_fixed(digits)
            .map(String::from)
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format!("{n:.*}", usize::from(digits))
    }
}

/// A sum of money. The amount goes to Intl as its decimal string, which modern
/// engines format exactly (no float rounding); the currency is ISO 4217.
pub fn currency(locale: &str, m: &Money) -> String {
    let code = m.currency.trim().to_ascii_uppercase();
    let valid = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
    let amount_ok = !m.amount.is_empty()
        && m.amount
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    #[cfg(all(feature = "static-render", not(target_arch = "wasm32")))]
    if valid && amount_ok {
        if let Some(s) = crate::intl_icu::currency(locale, &code, &m.amount) {
            return s;
        }
    }
    (valid && amount_ok)
        .then_some(())
        .and_then(|_| {
            number_with(
                locale,
                &format!("cur:{code}"),
                &[("style", "currency"), ("currency", &code)],
                || JsValue::from_str(&m.amount),
            )
        })
        .unwrap_or_else(|| format!("{} {}", m.amount, m.currency))
}

/// The plural category of `n` ("one", "other", "few"…).
pub fn plural_category(locale: &str, n: f64) -> String {
    native!(crate::intl_icu::plural_category(locale, n));
    formatter("PluralRules", locale, "card", &[])
        .and_then(|f| call(&f, "select", &n.into()))
        .unwrap_or_else(|| {
            if n == 1.0 {
                "one".into()
            } else {
                "other".into()
            }
        })
}

/// Whether `n` takes the singular form. Languages with more forms (Arabic's
/// dual, few and many) use the `_other` string for all but "one".
pub fn plural_is_one(locale: &str, n: f64) -> bool {
    plural_category(locale, n) == "one"
}

/// A number of days relative to today ("3 days ago", "yesterday").
// Part of the Intl surface the views may use; no view shows relative dates yet.
#[allow(dead_code)]
pub fn relative_days(locale: &str, days: f64) -> String {
    formatter("RelativeTimeFormat", locale, "auto", &[("numeric", "auto")])
        .and_then(|f| {
            let m: Function = Reflect::get(&f, &"format".into()).ok()?.dyn_into().ok()?;
            m.call2(&f, &days.into(), &"day".into()).ok()?.as_string()
        })
        .unwrap_or_else(|| format!("{:+} d", days as i64))
}

fn display_name(locale: &str, kind: &str, code: &str) -> Option<String> {
    call(
        &formatter("DisplayNames", locale, kind, &[("type", kind)])?,
        "of",
        &code.into(),
    )
}

/// A country's name (`JP` → "Japan", "Japon"); the code when unknown or malformed.
pub fn region_name(locale: &str, code: &str) -> String {
    native!(crate::intl_icu::region_name(
        locale,
        &code.trim().to_ascii_uppercase()
    ));
    display_name(locale, "region", &code.trim().to_ascii_uppercase())
        .unwrap_or_else(|| code.to_owned())
}

/// A language's name (`de` → "German", "Deutsch"); the tag when unknown or malformed.
pub fn language_name(locale: &str, tag: &str) -> String {
    native!(crate::intl_icu::language_name(locale, tag.trim()));
    display_name(locale, "language", tag.trim()).unwrap_or_else(|| tag.to_owned())
}

/// A list joined the locale's way ("English, German and French").
pub fn list(locale: &str, items: &[String]) -> String {
    native!(crate::intl_icu::list(locale, items));
    formatter("ListFormat", locale, "and", &[("type", "conjunction")])
        .and_then(|f| {
            let array: Array = items.iter().map(|s| JsValue::from_str(s)).collect();
            call(&f, "format", &array)
        })
        .unwrap_or_else(|| items.join(", "))
}

/// The short name of a weekday, 0 = Monday ("Mon", "Mo", "月").
pub fn weekday(locale: &str, monday_based: u32) -> String {
    // 2024-01-01 was a Monday.
    let day = Date(19_723 + monday_based as i32 % 7);
    native!(crate::intl_icu::weekday(locale, day));
    formatter(
        "DateTimeFormat",
        locale,
        "wd",
        &[("weekday", "short"), ("timeZone", "UTC")],
    )
    .and_then(|f| {
        let js = js_sys::Date::new(&JsValue::from_f64(day.start().0 as f64 * 1000.0));
        call(&f, "format", &js)
    })
    .unwrap_or_else(|| {
        ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"][(monday_based % 7) as usize].into()
    })
}

// With `static-render` (on in `cargo test --workspace`, where trustctl enables it),
// ICU4X formats instead and `intl_icu.rs` has the tests.
#[cfg(all(test, not(feature = "static-render")))]
mod tests {
    use super::*;

    #[test]
    fn native_fallbacks() {
        assert_eq!(weekday("en", 0), "Mo");
        assert_eq!(Date::parse("2024-01-01").unwrap(), Date(19_723));
        assert_eq!(
            currency(
                "en",
                &Money {
                    amount: "4.95".into(),
                    currency: "EUR".into()
                }
            ),
            "4.95 EUR"
        );
        assert!(plural_is_one("en", 1.0));
    }
}
