//! Reading Shopify's webhook payloads down to an `Order`: the order JSON of
//! `orders/create` and `orders/fulfilled`, and the fulfillment JSON of
//! `fulfillments/create`. Everything else in them (names, addresses, prices) is
//! dropped here and never stored.

use serde_json::Value;

use crate::orders::{Invalid, Item, Order};

/// The topics that carry orders.
pub const TOPICS: &[&str] = &["orders/create", "orders/fulfilled", "fulfillments/create"];

/// A JSON id (Shopify sends numbers; some tools send strings) as text.
fn id(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_str)
}

/// An RFC 3339 time as Unix seconds.
fn time(v: Option<&str>) -> Option<i64> {
    v.and_then(trust_manifest::Timestamp::parse).map(|t| t.0)
}

fn items(v: &Value) -> Vec<Item> {
    v.get("line_items")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|li| {
                    Some(Item {
                        // Custom line items have no product: nothing to review.
                        product_id: id(li.get("product_id")?)?,
                        sku: li.get("sku").and_then(Value::as_str).map(str::to_string),
                        title: li.get("title").and_then(Value::as_str).map(str::to_string),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A fulfilment time no later than `now` (a clock ahead must not delay invitations
/// without bound).
fn not_after(t: Option<i64>, now: i64) -> Option<i64> {
    t.map(|t| t.min(now))
}

/// The order a webhook of `topic` describes.
pub fn order_from(topic: &str, v: &Value, now: i64) -> Result<Order, Invalid> {
    if !v.is_object() {
        return Err(Invalid("the body is not a JSON object".into()));
    }
    match topic {
        "fulfillments/create" => {
            let order_id = v
                .get("order_id")
                .and_then(id)
                .ok_or_else(|| Invalid("the fulfillment has no order_id".into()))?;
            let status = text(v, &["status"]).unwrap_or("success");
            let done = matches!(status, "success" | "open" | "pending");
            Ok(Order {
                order_id,
                email: text(v, &["email"]).map(str::to_string),
                locale: None,
                country: text(v, &["destination", "country_code"]).map(str::to_string),
                created_at: now,
                fulfilled_at: if done {
                    not_after(time(text(v, &["created_at"])).or(Some(now)), now)
                } else {
                    None
                },
                items: items(v),
            })
        }
        _ => {
            let order_id = v
                .get("id")
                .and_then(id)
                .ok_or_else(|| Invalid("the order has no id".into()))?;
            let email = text(v, &["email"])
                .or_else(|| text(v, &["contact_email"]))
                .or_else(|| text(v, &["customer", "email"]))
                .map(str::to_string);
            let locale = text(v, &["customer_locale"])
                .or_else(|| text(v, &["locale"]))
                .map(str::to_string);
            let country = text(v, &["shipping_address", "country_code"])
                .or_else(|| text(v, &["billing_address", "country_code"]))
                .map(str::to_string);
            // The first fulfilment's time; `orders/fulfilled` without one: the
            // order's last update (when it became fulfilled), else now.
            let first_fulfilment = v
                .get("fulfillments")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|f| time(text(f, &["created_at"])))
                .min();
            let fulfilled_at = match (topic, first_fulfilment) {
                (_, Some(t)) => Some(t),
                ("orders/fulfilled", None) => time(text(v, &["updated_at"])).or(Some(now)),
                _ if text(v, &["fulfillment_status"]) == Some("fulfilled") => {
                    time(text(v, &["updated_at"])).or(Some(now))
                }
                _ => None,
            };
            Ok(Order {
                order_id,
                email,
                locale,
                country,
                created_at: time(text(v, &["created_at"])).unwrap_or(now).min(now),
                fulfilled_at: not_after(fulfilled_at, now),
                items: items(v),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_order_is_reduced_to_what_invitations_need() {
        let v = json!({
            "id": 820982911946154500u64, "email": "jon@example.com", "customer_locale": "de",
            "created_at": "2026-11-01T10:00:00-05:00", "total_price": "10.00",
            "shipping_address": { "country_code": "DE", "address1": "Street 1", "name": "Jon" },
            "line_items": [
                { "product_id": 632910392, "sku": "IPOD-1", "title": "IPod Nano", "price": "5" },
                { "product_id": null, "title": "Custom tip" }
            ],
            "fulfillments": [{ "created_at": "2026-11-03T10:00:00Z" }]
        });
        let o = order_from("orders/fulfilled", &v, 2_000_000_000).unwrap();
        assert_eq!(o.order_id, "820982911946154500");
        assert_eq!(o.email.as_deref(), Some("jon@example.com"));
        assert_eq!(o.country.as_deref(), Some("DE"));
        assert_eq!(o.items.len(), 1);
        assert_eq!(o.items[0].product_id, "632910392");
        assert_eq!(
            o.fulfilled_at,
            Some(trust_manifest::ts("2026-11-03T10:00:00Z").0)
        );
        let created = order_from("orders/create", &json!({"id": 1}), 5).unwrap();
        assert_eq!(created.fulfilled_at, None);
    }
}
