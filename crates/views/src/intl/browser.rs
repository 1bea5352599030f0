//! The wasm's `Intl` backend: thin calls into the browser's `Intl`, so the wasm
//! ships no locale data.
//!
//! Everything goes through `Reflect` on the global `Intl` object with caught
//! exceptions, rather than js-sys's typed constructors: those throw (and so abort
//! the wasm) on a bad locale tag from the embed or an unknown region or currency
//! code in a manifest. Here a bad locale falls back to English and a bad code to
//! `None` (the caller's fallback). Formatters are cached per locale and options:
//! building one is far costlier than using it.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use trust_manifest::Date;
use wasm_bindgen::{JsCast, JsValue};

use super::Backend;

thread_local! {
    // A list, not a map: a page needs a handful of formatters, and a HashMap
    // instantiation costs more wasm than a linear search over a handful.
    static CACHE: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// A cached `new Intl[ctor](locale, options)`; `key` names the options in the cache.
fn formatter(ctor: &str, locale: &str, key: &str, options: &[(&str, &str)]) -> Option<JsValue> {
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

/// Formats with a cached NumberFormat.
fn number_with(
    locale: &str,
    key: &str,
    options: &[(&str, &str)],
    value: impl FnOnce() -> JsValue,
) -> Option<String> {
    let f = formatter("NumberFormat", locale, key, options)?;
    call(&f, "format", &value())
}

/// A UTC day as a JavaScript `Date` at its midnight.
fn js_date(d: Date) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(d.start().0 as f64 * 1000.0))
}

fn display_name(locale: &str, kind: &str, code: &str) -> Option<String> {
    call(
        &formatter("DisplayNames", locale, kind, &[("type", kind)])?,
        "of",
        &code.into(),
    )
}

/// The browser's `Intl`.
pub struct Browser;

impl Backend for Browser {
    fn date(&self, locale: &str, d: Date) -> Option<String> {
        let options = [("dateStyle", "medium"), ("timeZone", "UTC")];
        let f = formatter("DateTimeFormat", locale, "date", &options)?;
        call(&f, "format", &js_date(d))
    }

    fn integer(&self, locale: &str, n: f64) -> Option<String> {
        number_with(locale, "int", &[("maximumFractionDigits", "0")], || {
            n.into()
        })
    }

    fn decimal1(&self, locale: &str, n: f64) -> Option<String> {
        number_with(
            locale,
            "d1",
            &[
                ("minimumFractionDigits", "1"),
                ("maximumFractionDigits", "1"),
            ],
            || n.into(),
        )
    }

    fn percent(&self, locale: &str, fraction: f64) -> Option<String> {
        number_with(
            locale,
            "pct",
            &[("style", "percent"), ("maximumFractionDigits", "0")],
            || fraction.into(),
        )
    }

    fn currency(&self, locale: &str, code: &str, amount: &str) -> Option<String> {
        number_with(
            locale,
            &format!("cur:{code}"),
            &[("style", "currency"), ("currency", code)],
            || JsValue::from_str(amount),
        )
    }

    fn plural_category(&self, locale: &str, n: f64) -> Option<String> {
        call(
            &formatter("PluralRules", locale, "card", &[])?,
            "select",
            &n.into(),
        )
    }

    fn relative_days(&self, locale: &str, days: f64) -> Option<String> {
        let f = formatter("RelativeTimeFormat", locale, "auto", &[("numeric", "auto")])?;
        let m: Function = Reflect::get(&f, &"format".into()).ok()?.dyn_into().ok()?;
        m.call2(&f, &days.into(), &"day".into()).ok()?.as_string()
    }

    fn region_name(&self, locale: &str, code: &str) -> Option<String> {
        display_name(locale, "region", code)
    }

    fn language_name(&self, locale: &str, tag: &str) -> Option<String> {
        display_name(locale, "language", tag)
    }

    fn list(&self, locale: &str, items: &[String]) -> Option<String> {
        let f = formatter("ListFormat", locale, "and", &[("type", "conjunction")])?;
        let array: Array = items.iter().map(|s| JsValue::from_str(s)).collect();
        call(&f, "format", &array)
    }

    fn weekday(&self, locale: &str, d: Date) -> Option<String> {
        let options = [("weekday", "short"), ("timeZone", "UTC")];
        let f = formatter("DateTimeFormat", locale, "wd", &options)?;
        call(&f, "format", &js_date(d))
    }

    /// JavaScript's `toFixed`: Rust's float formatting would add about 10 KB.
    fn fixed(&self, n: f64, digits: u8) -> String {
        js_sys::Number::from(n)
            .to_fixed(digits)
            .map(String::from)
            .unwrap_or_default()
    }
}
