//! Google's Product Reviews feed, schema 2.4
//! (https://developers.google.com/product-review-feeds/schema, sample at
//! https://developers.google.com/product-review-feeds/sample), read with
//! quick-xml into a small tree first. quick-xml expands no DTD: an entity other
//! than the five predefined ones and character references refuses the file, so
//! a feed cannot make the import read local files or expand entities without end.

use anyhow::{bail, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::row::{flag, Row};

/// Elements nest at most this deep in a feed (feed/reviews/review/products/
/// product/product_ids/gtins/gtin is 8).
const MAX_DEPTH: usize = 16;

#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
    /// Byte offset of its start tag, for the line number in reports.
    offset: u64,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// The text of a child, trimmed; empty when absent.
    fn text_of(&self, name: &str) -> String {
        self.child(name)
            .map(|c| c.text.trim().to_owned())
            .unwrap_or_default()
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    /// Texts of `outer/inner` children (`gtins/gtin`).
    fn list(&self, outer: &str, inner: &str) -> Vec<String> {
        self.children(outer)
            .flat_map(|o| o.children(inner))
            .map(|e| e.text.trim().to_owned())
            .collect()
    }
}

/// The feed's reviews, each with its place ("review 3 (line 40)").
pub fn read(bytes: &[u8], what: &str) -> Result<Vec<Result<Row, (String, String)>>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        bail!("{what} is not UTF-8 text (a Google product reviews feed is UTF-8 XML)");
    };
    let root = parse(text)
        .map_err(|e| anyhow::anyhow!("{what} cannot be read as a product reviews feed: {e}"))?;
    let Some(feed) = root.child("feed") else {
        bail!("{what} is not a Google product reviews feed: its root element is not <feed>");
    };
    let version = feed.text_of("version");
    if version != "2.4" {
        bail!(
            "{what} is a product reviews feed of version {:?}; this trustctl reads 2.4",
            version
        );
    }
    let line = |offset: u64| {
        text.as_bytes()[..offset as usize]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    Ok(feed
        .children("reviews")
        .flat_map(|r| r.children("review"))
        .enumerate()
        .map(|(i, review)| {
            Ok(row(
                review,
                format!("review {} (line {})", i + 1, line(review.offset)),
            ))
        })
        .collect())
}

fn row(r: &Element, place: String) -> Row {
    let mut row = Row {
        place,
        id: Some(r.text_of("review_id")).filter(|s| !s.is_empty()),
        // is_spam: Google's flag for reviews the publisher knows are spam.
        published: Some(flag(&r.text_of("is_spam")) != Some(true)),
        title: r.text_of("title"),
        body: r.text_of("content"),
        date: r.text_of("review_timestamp"),
        language: r.text_of("review_language"),
        country: r.text_of("review_country"),
        verified: flag(&r.text_of("is_verified_purchase")),
        incentivized: flag(&r.text_of("is_incentivized_review")),
        ..Row::default()
    };
    if let Some(name) = r.child("reviewer").and_then(|v| v.child("name")) {
        row.author = name.text.trim().to_owned();
    }
    if let Some(overall) = r.child("ratings").and_then(|v| v.child("overall")) {
        row.rating = overall.text.trim().to_owned();
        row.scale = Some((
            overall.attr("min").unwrap_or("").to_owned(),
            overall.attr("max").unwrap_or("").to_owned(),
        ));
    }
    row.photos = r
        .children("reviewer_images")
        .flat_map(|o| o.children("reviewer_image"))
        .map(|img| img.text_of("url"))
        .collect();
    for product in r.children("products").flat_map(|p| p.children("product")) {
        if let Some(ids) = product.child("product_ids") {
            row.products.gtins.extend(ids.list("gtins", "gtin"));
            row.products.skus.extend(ids.list("skus", "sku"));
        }
        row.products.push_url(&product.text_of("product_url"));
    }
    row
}

fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let mut stack = vec![Element::default()];
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        let top = stack.len() - 1;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nest deeper than {MAX_DEPTH}"));
                }
                stack.push(element(&e, at)?);
            }
            Event::Empty(e) => {
                let el = element(&e, at)?;
                stack[top].children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("an end follows a start");
                stack
                    .last_mut()
                    .ok_or("an end tag without its start")?
                    .children
                    .push(el);
            }
            Event::Text(t) => stack[top].text.push_str(&t.xml10_content()),
            Event::CData(t) => stack[top].text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| format!("entity &{}; is not one XML predefines", &*r))?
                        .to_owned(),
                };
                stack[top].text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(format!("<{}> is never closed", stack[stack.len() - 1].name));
    }
    Ok(stack.pop().expect("the document node"))
}

fn element(e: &BytesStart, offset: u64) -> Result<Element, String> {
    let mut el = Element {
        name: e.local_name().as_ref().to_owned(),
        offset,
        ..Element::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        el.attrs
            .push((a.key.local_name().as_ref().to_owned(), value.into_owned()));
    }
    Ok(el)
}
