//! One review as an export states it, whatever the format, and its conversion to
//! a manifest review. Every check that can refuse a row is here or in
//! `products.rs`, so a row is either imported whole or reported and skipped.

use trust_manifest::url::{refusal, Refusal};
use trust_manifest::{
    sha256_hex, Date, Photo, PurchaseCheck, PurchaseCheckMethod, Rating, Reply, Review, Timestamp,
};

use super::products::{Catalogue, ProductKeys};
use super::Source;
use crate::iso_codes;

/// What a row of an export says, as text, before any of it is trusted.
#[derive(Debug, Default)]
pub struct Row {
    /// Where it is in the export, as the merchant finds it ("row 7", "review 3 (line 40)").
    pub place: String,
    /// The source's own id, when it has one.
    pub id: Option<String>,
    /// Whether the source showed it. `None`: the format has no such column.
    pub published: Option<bool>,
    pub rating: String,
    /// The rating's scale, when the source states it (Google's `min`/`max`).
    pub scale: Option<(String, String)>,
    pub title: String,
    pub body: String,
    pub author: String,
    pub date: String,
    pub language: String,
    /// A country, when the source has a field that may hold one.
    pub country: String,
    pub products: ProductKeys,
    pub photos: Vec<String>,
    /// The source's verified-buyer flag, when it has one.
    pub verified: Option<bool>,
    /// The source's incentive flag, when it has one.
    pub incentivized: Option<bool>,
    /// The brand's public reply, and its date.
    pub reply: String,
    pub reply_date: String,
}

/// Why a row was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// Hidden, unpublished or marked spam in the source app.
    NotPublished,
    /// The same review twice in one export.
    Duplicate,
    /// Something in it cannot be imported as it is.
    Bad,
}

/// How the rows of one import are read.
pub struct Context<'a> {
    pub source: Source,
    pub catalogue: &'a Catalogue,
    /// `--language`: for rows whose format or field does not say.
    pub language: Option<&'a str>,
    pub now: Timestamp,
}

/// The review a row becomes, or why it is refused (the message names the field).
pub fn to_review(row: &Row, cx: &Context) -> Result<Review, String> {
    let body = row.body.trim();
    if body.is_empty() {
        return Err("has no review text".into());
    }
    let author = row.author.trim();
    if author.is_empty() {
        return Err("has no reviewer name".into());
    }
    let rating = rating(&row.rating, row.scale.as_ref())?;
    let date = date(&row.date, cx.now)?;
    let language = match (row.language.trim(), cx.language) {
        ("", Some(l)) => l.to_owned(),
        ("", None) => return Err("has no review_language; give --language".into()),
        (l, _) => l.to_owned(),
    };
    if !iso_codes::is_language_tag(&language) {
        return Err(format!(
            "language {language:?} is not a BCP 47 tag such as de, en-US or ja"
        ));
    }
    let product = cx.catalogue.find(&row.products)?;
    let photos = row
        .photos
        .iter()
        .map(|url| photo(url))
        .collect::<Result<Vec<_>, _>>()?;
    let country = row.country.trim().to_ascii_uppercase();
    // Free-text locations ("Austin TX") are not markets; only a real code is kept.
    let market = (country.len() == 2 && iso_codes::is_country(&country)).then_some(country);
    let title = Some(row.title.trim().to_owned()).filter(|t| !t.is_empty());
    let reply = match row.reply.trim() {
        "" => None,
        body => Some(Reply {
            body: body.to_owned(),
            date: self::date(&row.reply_date, cx.now).map_err(|e| format!("reply {e}"))?,
        }),
    };
    let id = match &row.id {
        Some(id) if !id.trim().is_empty() => format!("{}-{}", cx.source.id_prefix(), id.trim()),
        _ => content_id(cx.source, product.as_deref(), author, &date, &rating, body),
    };
    Ok(Review {
        id,
        product,
        rating,
        title,
        body: body.to_owned(),
        language,
        market,
        date,
        author: author.to_owned(),
        photos,
        // The source app's word, restated by the brand: the widget shows it as
        // the brand's statement ("stated by the brand"), never as a collector's.
        verification: Some(PurchaseCheck {
            method: if row.verified == Some(true) {
                PurchaseCheckMethod::OrderMatch
            } else {
                PurchaseCheckMethod::None
            },
            checked: None,
        }),
        incentivized: row.incentivized == Some(true),
        insider: false,
        reply,
        source: Some(cx.source.review_source()),
    })
}

/// A stable id for a review whose source has none: the same row imported again
/// replaces its earlier import instead of adding a copy.
fn content_id(
    source: Source,
    product: Option<&str>,
    author: &str,
    date: &Date,
    rating: &Rating,
    body: &str,
) -> String {
    let key = format!(
        "{}\n{}\n{author}\n{date}\n{}/{}\n{body}",
        source.id_prefix(),
        product.unwrap_or(""),
        rating.value,
        rating.best
    );
    format!(
        "{}-{}",
        source.id_prefix(),
        &sha256_hex(key.as_bytes())[..16]
    )
}

/// `5`, `4.0`, or Google's `4.4` on a stated scale. A one-decimal value is kept
/// exactly by scaling it by ten (44 on 10..=50 shows as 4.4), never rounded.
fn rating(value: &str, scale: Option<&(String, String)>) -> Result<Rating, String> {
    let (worst, best) = match scale {
        Some((min, max)) => (
            whole(min)
                .ok_or_else(|| format!("rating scale minimum {min:?} is not a whole number"))?,
            whole(max)
                .ok_or_else(|| format!("rating scale maximum {max:?} is not a whole number"))?,
        ),
        None => (1, 5),
    };
    let bad = || format!("rating {value:?} is not a number from {worst} to {best}");
    let v = value.trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let frac = frac.trim_end_matches('0');
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !(frac.is_empty() || digits(frac)) {
        return Err(bad());
    }
    let int: u32 = int.parse().map_err(|_| bad())?;
    let (value, worst, best) = match frac.len() {
        0 => (int, worst, best),
        1 => (
            int.checked_mul(10).ok_or_else(bad)? + u32::from(frac.as_bytes()[0] - b'0'),
            worst * 10,
            best * 10,
        ),
        _ => return Err(bad()),
    };
    let byte = |n: u32| u8::try_from(n).map_err(|_| bad());
    let rating = Rating {
        value: byte(value)?,
        best: byte(best)?,
        worst: byte(worst)?,
    };
    if !rating.in_scale() {
        return Err(bad());
    }
    Ok(rating)
}

fn whole(s: &str) -> Option<u32> {
    let s = s.trim();
    let s = s
        .split_once('.')
        .filter(|(_, f)| f.trim_end_matches('0').is_empty())
        .map_or(s, |(i, _)| i);
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The calendar day the export wrote, as written: `2025-03-02`, `2025-03-02
/// 10:12:00 UTC`, `2014-02-19 21:07:30 -0500`, `2014-04-21T07:07:07Z`. The day
/// is the one in the export's own offset (the day the reviewer saw), not UTC's.
/// Anything else (03/05/2024 is March or May) is refused rather than guessed.
fn date(s: &str, now: Timestamp) -> Result<Date, String> {
    let s = s.trim();
    let day = s
        .get(..10)
        .filter(|_| s.len() == 10 || matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')));
    let date = day.and_then(Date::parse).ok_or_else(|| {
        format!("date {s:?} is not written as YYYY-MM-DD (with or without a time)")
    })?;
    if date > now.date() {
        return Err(format!("date {s:?} is in the future"));
    }
    Ok(date)
}

/// A photo URL, refused unless the widget would load it (the same rule lint and
/// the widget apply: https, a named public host, no user information).
fn photo(url: &str) -> Result<Photo, String> {
    let url = url.trim();
    if let Some(why) = refusal(url, true, None) {
        let why = match why {
            Refusal::Userinfo => "has user information before its host",
            Refusal::Loopback => "is on the shopper's own machine",
            Refusal::Address => "names its host by IP address",
            Refusal::Syntax | Refusal::NotHttps => "is not a plain https:// URL",
        };
        return Err(format!("photo {url:?} {why}; the widget would not show it"));
    }
    // The exports describe no photo; an empty alt is honest, and the brand can
    // write one in the manifest after importing.
    Ok(Photo {
        url: url.to_owned(),
        alt: String::new(),
        sha256: None,
    })
}

/// `true`/`false` as the exports write them; anything else is not a flag.
pub fn flag(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// Photo URLs as one cell lists them: separated by commas, spaces or `|`.
pub fn urls(cell: &str) -> Vec<String> {
    cell.split([',', ' ', '|', '\n', '\t'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_keep_their_value() {
        let r = rating("4", None).unwrap();
        assert_eq!((r.value, r.worst, r.best), (4, 1, 5));
        let r = rating("4.0", None).unwrap();
        assert_eq!((r.value, r.worst, r.best), (4, 1, 5));
        let scale = ("1".to_owned(), "5".to_owned());
        let r = rating("4.4", Some(&scale)).unwrap();
        assert_eq!((r.value, r.worst, r.best), (44, 10, 50));
        for bad in ["0", "6", "4.45", "", "x", "-1", "4,5"] {
            assert!(rating(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_as_written() {
        let now = Timestamp::parse("2026-12-06T00:00:00Z").unwrap();
        for (s, want) in [
            ("2025-03-02", "2025-03-02"),
            ("2025-03-02 10:12:00 UTC", "2025-03-02"),
            ("2014-02-19 21:07:30 -0500", "2014-02-19"),
            ("2014-04-21T07:07:07Z", "2014-04-21"),
        ] {
            assert_eq!(date(s, now).unwrap().to_string(), want, "{s}");
        }
        for bad in ["03/05/2024", "2025-3-2", "2025-03-02x", "2999-01-01", ""] {
            assert!(date(bad, now).is_err(), "{bad}");
        }
    }
}
