//! Which of the manifest's products a row is about, by what the export knows of
//! it: a handle, a SKU, a GTIN, or the store's own product id. A row that names a
//! product the manifest does not have, or names two, is refused: a review must
//! never land on the wrong product.

use serde_json::Value;

/// What a row says about its product.
#[derive(Debug, Default)]
pub struct ProductKeys {
    pub handles: Vec<String>,
    pub skus: Vec<String>,
    pub gtins: Vec<String>,
    /// The store platform's product id (Shopify's numeric id), matched against
    /// the manifest's product `id` only.
    pub ids: Vec<String>,
}

impl ProductKeys {
    fn is_empty(&self) -> bool {
        [&self.handles, &self.skus, &self.gtins, &self.ids]
            .iter()
            .all(|v| v.iter().all(|k| k.trim().is_empty()))
    }

    /// A handle from a product URL (`https://shop.example/products/tent-2p?variant=1`).
    pub fn push_url(&mut self, url: &str) {
        let path = url.split(['?', '#']).next().unwrap_or("");
        if let Some((_, rest)) = path.split_once("/products/") {
            let handle = rest.trim_end_matches('/');
            if !handle.is_empty() && !handle.contains('/') {
                self.handles.push(handle.to_owned());
            }
        }
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (what, keys) in [
            ("handle", &self.handles),
            ("SKU", &self.skus),
            ("GTIN", &self.gtins),
            ("product id", &self.ids),
        ] {
            for k in keys.iter().filter(|k| !k.trim().is_empty()) {
                parts.push(format!("{what} {:?}", k.trim()));
            }
        }
        parts.join(", ")
    }
}

/// The manifest's products, as the rows are matched against them.
pub struct Catalogue {
    products: Vec<Entry>,
}

struct Entry {
    id: String,
    handle: Option<String>,
    sku: Option<String>,
    gtin: Option<String>,
}

impl Catalogue {
    /// From the unsigned manifest's `products` (absent: an empty catalogue).
    pub fn from_manifest(doc: &Value) -> Catalogue {
        let text = |p: &Value, k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
        let products = doc
            .get("products")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|p| {
                        Some(Entry {
                            id: text(p, "id")?,
                            handle: text(p, "handle"),
                            sku: text(p, "sku"),
                            gtin: text(p, "gtin"),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Catalogue { products }
    }

    /// The product id a row is about; `None` for a review of the store itself
    /// (the row names no product at all).
    pub fn find(&self, keys: &ProductKeys) -> Result<Option<String>, String> {
        if keys.is_empty() {
            return Ok(None);
        }
        let mut found: Vec<&str> = Vec::new();
        for p in &self.products {
            if self.matches(p, keys) && !found.contains(&p.id.as_str()) {
                found.push(&p.id);
            }
        }
        match found.as_slice() {
            [one] => Ok(Some((*one).to_owned())),
            [] => Err(format!(
                "{} is none of the manifest's products ({}); add it to `products` with that handle, sku or gtin",
                keys.describe(),
                if self.products.is_empty() {
                    "it has none".to_owned()
                } else {
                    self.products
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            )),
            many => Err(format!(
                "{} matches several of the manifest's products ({}); give each a distinct handle, sku and gtin",
                keys.describe(),
                many.join(", ")
            )),
        }
    }

    fn matches(&self, p: &Entry, keys: &ProductKeys) -> bool {
        let eq = |a: &Option<String>, b: &str| a.as_deref() == Some(b);
        let any = |list: &Vec<String>, f: &dyn Fn(&str) -> bool| {
            list.iter()
                .map(|k| k.trim())
                .filter(|k| !k.is_empty())
                .any(f)
        };
        any(&keys.handles, &|h| eq(&p.handle, h) || p.id == h)
            || any(&keys.skus, &|s| eq(&p.sku, s) || p.id == s)
            || any(&keys.ids, &|i| p.id == i)
            || any(&keys.gtins, &|g| {
                p.gtin.as_deref().is_some_and(|mine| same_gtin(mine, g))
            })
    }
}

/// GTINs compared as numbers: a 12-digit UPC and the same item's 13-digit EAN
/// (a leading zero) are one product.
fn same_gtin(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Option<String> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.trim_start_matches('0').to_owned())
    };
    matches!((norm(a), norm(b)), (Some(x), Some(y)) if !x.is_empty() && x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Catalogue {
        Catalogue::from_manifest(&serde_json::json!({ "products": [
            { "id": "tent-2p", "handle": "tent-2p", "sku": "NW-T2", "gtin": "0541710238425", "name": "Tent" },
            { "id": "stove", "sku": "NW-S1", "name": "Stove" },
        ]}))
    }

    #[test]
    fn by_handle_sku_gtin_or_url() {
        let c = catalogue();
        let mut k = ProductKeys::default();
        k.push_url("https://shop.example/products/tent-2p?variant=1");
        assert_eq!(c.find(&k).unwrap().as_deref(), Some("tent-2p"));
        let k = ProductKeys {
            gtins: vec!["541710238425".into()],
            ..Default::default()
        };
        assert_eq!(c.find(&k).unwrap().as_deref(), Some("tent-2p"));
        let k = ProductKeys {
            skus: vec!["NW-S1".into()],
            ..Default::default()
        };
        assert_eq!(c.find(&k).unwrap().as_deref(), Some("stove"));
        assert_eq!(c.find(&ProductKeys::default()).unwrap(), None);
    }

    #[test]
    fn unknown_or_ambiguous_is_refused() {
        let c = catalogue();
        let k = ProductKeys {
            handles: vec!["kayak".into()],
            ..Default::default()
        };
        assert!(c.find(&k).unwrap_err().contains("handle \"kayak\""));
        let k = ProductKeys {
            handles: vec!["tent-2p".into()],
            skus: vec!["NW-S1".into()],
            ..Default::default()
        };
        assert!(c.find(&k).unwrap_err().contains("several"));
    }
}
