//! The demo's simulated order: a Shopify `orders/fulfilled` webhook for one tent,
//! signed with the shop's secret as Shopify signs it, posted to the collector.

use std::io::{self, BufReader};
use std::net::TcpStream;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::json;

use super::{Loop, LANGUAGES, SHOP, SHOPIFY_PRODUCT, SHOPIFY_SKU};
use crate::http;
use crate::serve::Request;

impl Loop {
    /// Posts a signed `orders/fulfilled` webhook for one tent bought by the form's buyer.
    pub(super) fn simulate_order(
        &self,
        req: &Request,
        reader: &mut BufReader<TcpStream>,
        stream: &mut TcpStream,
    ) -> io::Result<()> {
        let fields = http::form_pairs(&http::read_body(req, reader)?);
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let (email, locale, country) = (field("email"), field("locale"), field("country"));
        let valid = email.len() <= 200
            && email
                .split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'))
            && LANGUAGES.contains(&locale.as_str())
            && country.len() == 2
            && country.bytes().all(|b| b.is_ascii_uppercase());
        if !valid {
            let text = "Give an email address, one of the ten languages and a two-letter country.";
            return http::text(stream, 400, text);
        }
        let (body, webhook_id) = order_json(&email, &locale, &country);
        let tag = hmac_sha256(self.secret.as_bytes(), &body);
        let answer = http::request(
            self.addr,
            "POST",
            "/webhooks/shopify",
            &[
                ("content-type", "application/json"),
                ("x-shopify-topic", "orders/fulfilled"),
                ("x-shopify-shop-domain", SHOP),
                ("x-shopify-webhook-id", &webhook_id),
                ("x-shopify-hmac-sha256", &tag),
            ],
            &body,
        );
        match answer {
            Ok(r) if (200..300).contains(&r.status) => {
                http::respond(stream, 303, "text/plain", &[("location", "/mailbox/")], b"")
            }
            Ok(r) => {
                let text = format!(
                    "The collector refused the webhook ({}): {}",
                    r.status,
                    String::from_utf8_lossy(&r.body)
                );
                http::text(stream, 502, &text)
            }
            Err(e) => {
                let text = format!("The collector does not answer: {e}");
                http::text(stream, 502, &text)
            }
        }
    }
}

/// A Shopify order as `orders/fulfilled` sends it (the fields the collector reads,
/// and a few it drops); returns the body and a fresh webhook id.
fn order_json(email: &str, locale: &str, country: &str) -> (Vec<u8>, String) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let id = 5_000_000_000_000 + now.as_micros() as u64 % 1_000_000_000_000;
    let at = trust_manifest::Timestamp(now.as_secs() as i64).to_string();
    let order = json!({
        "id": id,
        "name": format!("#{}", id % 100_000),
        "email": email,
        "customer_locale": locale,
        "created_at": at,
        "updated_at": at,
        "financial_status": "paid",
        "fulfillment_status": "fulfilled",
        "line_items": [{
            "id": id + 1, "product_id": SHOPIFY_PRODUCT, "variant_id": SHOPIFY_PRODUCT + 1,
            "sku": SHOPIFY_SKU,
            "title": "Ridgeline 2 Ultralight Tent", "quantity": 1, "price": "349.00",
        }],
        "shipping_address": { "first_name": "Demo", "last_name": "Buyer", "country_code": country },
        "fulfillments": [{ "id": id + 2, "status": "success", "created_at": at }],
    });
    let body = serde_json::to_vec(&order).expect("an order serialises");
    (body, format!("demo-{}", now.as_nanos()))
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Base64 HMAC-SHA256, as Shopify's `X-Shopify-Hmac-Sha256`.
pub fn hmac_sha256(key: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
