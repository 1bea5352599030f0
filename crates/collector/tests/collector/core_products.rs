//! Product ids: Shopify's numeric product ids mapped to the product ids of the
//! brand's manifest (`trust-collector brand products`), on SQLite and PostgreSQL.
//! Orders come in as signed Shopify webhooks, the command runs as the operator runs
//! it, and what is published is checked with the real verifier: a mapped review
//! names the manifest's product (what the widget matches the page by), an unmapped
//! one keeps the order system's id; mapping changes re-publish.

use crate::support;

use std::process::{Command, Output};

use serde_json::{json, Value};
use support::{signed, TestApp};
use trust_collector::publish;

const TENT: &str = "788032119674292922";
const STOVE: &str = "788032119674292923";
const LAMP: &str = "788032119674292924";
const MUG: &str = "632910392";

fn bin(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trust-collector"))
        .args(args)
        .env("TRUST_COLLECTOR_DATA_DIR", app.dir.path())
        .env(
            "TRUST_COLLECTOR_DATABASE_URL",
            app.state.config.database_url.as_str(),
        )
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fulfilled Shopify order whose line items are (product_id, sku, title).
fn order(id: u64, items: &[(&str, &str, &str)]) -> Value {
    let mut o = support::order(id, "buyer@example.com", 1);
    o["line_items"] = items
        .iter()
        .enumerate()
        .map(|(n, (product, sku, title))| {
            json!({ "id": id * 10 + n as u64, "product_id": product.parse::<u64>().unwrap(),
                    "variant_id": 808950810 + n as u64, "sku": sku, "title": title,
                    "quantity": 1, "price": "10.00" })
        })
        .collect();
    o
}

async fn webhook(app: &TestApp, shop: &str, brand: &str, id: u64, body: &Value) {
    let secret = support::secret(brand);
    let req = support::shopify("orders/fulfilled", shop, &id.to_string(), &secret, body);
    let (status, v) = app.call(req).await;
    assert!(status.is_success(), "{status} {v}");
}

/// The brand's manifest products: the stove's variants listed as two products.
fn products() -> Value {
    json!([
        { "id": "tent-2p", "sku": "TENT-2P", "handle": "trail-tent", "name": "Trail tent" },
        { "id": "stove", "sku": "STV-1", "name": "Stove" },
        { "id": "stove-red", "sku": "STV-1-RED", "name": "Stove, red" },
        { "id": "lamp", "gtin": "4006381333931", "name": "Lamp" }
    ])
}

/// Publishes `brand` now and returns its reviews as verified: review id -> product.
async fn published(app: &TestApp, seed: u8, brand: &str) -> Vec<(String, Option<String>)> {
    let b = trust_collector::brands::by_id(&app.state.db, brand)
        .await
        .unwrap()
        .unwrap();
    let now = trust_collector::db::now();
    let p = publish::publish_brand(&app.state, &b, now)
        .await
        .unwrap()
        .unwrap();
    let m = signed::manifest(
        brand,
        seed,
        products(),
        &p.index_json,
        &p.aggregate_json,
        now,
    );
    let v = signed::verify(&app.state.key.public(), &m, seed, now + 60);
    let mut out: Vec<(String, Option<String>)> =
        signed::all_reviews(&v, |n| p.pages[n as usize].clone().into_bytes())
            .into_iter()
            .map(|r| (r.id, r.product))
            .collect();
    out.sort();
    out
}

fn product_of<'a>(list: &'a [(String, Option<String>)], review: &str) -> Option<&'a str> {
    list.iter().find(|(id, _)| id == review)?.1.as_deref()
}

both!(
    shopify_products_are_published_under_the_manifest_ids,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        app.brand("other", "other.myshopify.com", 2).await;
        let shop = "northwind.myshopify.com";
        webhook(
            &app,
            shop,
            "nw",
            1001,
            &order(
                1001,
                &[(TENT, "TENT-2P", "Trail tent 2P"), (MUG, "MUG", "Mug")],
            ),
        )
        .await;
        webhook(
            &app,
            shop,
            "nw",
            1002,
            &order(
                1002,
                &[
                    (STOVE, "STV-1", "Stove"),
                    (TENT, "TENT-2P", "Trail tent 2P"),
                ],
            ),
        )
        .await;
        // The same product sold in another variant (another SKU of the same product id).
        webhook(
            &app,
            shop,
            "nw",
            1003,
            &order(1003, &[(STOVE, "STV-1-RED", "Stove")]),
        )
        .await;
        // Another brand selling a product with the same Shopify id and SKU.
        let other = order(2001, &[(TENT, "TENT-2P", "Tent")]);
        webhook(&app, "other.myshopify.com", "other", 2001, &other).await;
        let now = trust_collector::db::now();
        for (id, product) in [("r-tent", TENT), ("r-stove", STOVE), ("r-mug", MUG)] {
            signed::insert_review(&app.state.db, "nw", id, Some(product), 5, false, now - 100)
                .await;
        }
        signed::insert_review(
            &app.state.db,
            "other",
            "o-tent",
            Some(TENT),
            4,
            false,
            now - 100,
        )
        .await;

        // Before any mapping: the order system's ids, which no product page names.
        let before = published(&app, 1, "nw").await;
        assert_eq!(product_of(&before, "r-tent"), Some(TENT));

        // The brand's signed manifest, as trustctl sign writes it.
        let file = app.dir.path().join("trust-manifest.json");
        let m = signed::sign(1, &signed::payload("nw", products(), now));
        std::fs::write(&file, &m).unwrap();
        let path = file.to_str().unwrap();
        let out = bin(
            &app,
            &["brand", "products", "--brand", "nw", "--manifest", path],
        );
        let said = text(&out);
        assert_eq!(out.status.code(), Some(1), "ambiguous stove: {said}");
        assert!(said.contains("read 4 products"), "{said}");
        assert!(
            said.contains(&format!("{TENT} -> tent-2p (by sku)")),
            "{said}"
        );
        assert!(
            said.contains(&format!("{STOVE}: ambiguous, fits stove, stove-red")),
            "{said}"
        );
        assert!(said.contains(&format!("{MUG}: no match")), "{said}");
        // Reading the manifest changed the mapping: the brand is due again.
        assert!(publish::due(&app.state.db, now + 1)
            .await
            .unwrap()
            .contains(&"nw".to_string()));

        let after = published(&app, 1, "nw").await;
        assert_eq!(product_of(&after, "r-tent"), Some("tent-2p"));
        assert_eq!(product_of(&after, "r-stove"), Some(STOVE), "not a guess");
        assert_eq!(product_of(&after, "r-mug"), Some(MUG), "fallback");
        let theirs = published(&app, 2, "other").await;
        assert_eq!(product_of(&theirs, "o-tent"), Some(TENT), "per brand");

        // A product first ordered after the manifest was read: matched when publishing
        // (the lamp's SKU is its GTIN).
        webhook(
            &app,
            shop,
            "nw",
            1004,
            &order(1004, &[(LAMP, "4006381333931", "Lamp")]),
        )
        .await;
        signed::insert_review(
            &app.state.db,
            "nw",
            "r-lamp",
            Some(LAMP),
            3,
            false,
            now - 50,
        )
        .await;
        let later = published(&app, 1, "nw").await;
        assert_eq!(product_of(&later, "r-lamp"), Some("lamp"));

        // The operator decides the ambiguous one; it re-publishes, and a new manifest
        // read does not undo it.
        let set = format!("{STOVE}=stove");
        let out = bin(&app, &["brand", "products", "--brand", "nw", "--set", &set]);
        assert!(out.status.success(), "{}", text(&out));
        assert!(publish::due(&app.state.db, now + 1)
            .await
            .unwrap()
            .contains(&"nw".to_string()));
        let out = bin(
            &app,
            &["brand", "products", "--brand", "nw", "--manifest", path],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let decided = published(&app, 1, "nw").await;
        assert_eq!(product_of(&decided, "r-stove"), Some("stove"));

        // Refused: an id the manifest does not list, no `=`, an unknown brand.
        for bad in [format!("{MUG}=mug-typo"), "no-equals".to_string()] {
            let out = bin(&app, &["brand", "products", "--brand", "nw", "--set", &bad]);
            assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out));
        }
        let out = bin(&app, &["brand", "products", "--brand", "nobody", "--list"]);
        assert_eq!(out.status.code(), Some(2));

        // The listing, as JSON: every product, unmapped first.
        let out = bin(&app, &["brand", "products", "--brand", "nw", "--json"]);
        assert!(out.status.success(), "{}", text(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            (v["manifest_products"].as_u64(), v["unmapped"].as_u64()),
            (Some(4), Some(1))
        );
        let list = v["products"].as_array().unwrap();
        assert_eq!(list[0]["external"], MUG);
        assert!(list[0]["id"].is_null());
        let tent = list.iter().find(|p| p["external"] == TENT).unwrap();
        assert_eq!(
            (tent["id"].as_str(), tent["matched_by"].as_str()),
            (Some("tent-2p"), Some("sku"))
        );
        assert_eq!(
            (tent["reviews"].as_i64(), tent["ordered"].as_i64()),
            (Some(1), Some(2))
        );
        let stove = list.iter().find(|p| p["external"] == STOVE).unwrap();
        assert_eq!(stove["matched_by"], "set");

        // Removing the hand-set mapping: ambiguous again, the order system's id again.
        let out = bin(
            &app,
            &["brand", "products", "--brand", "nw", "--unset", STOVE],
        );
        assert!(out.status.success(), "{}", text(&out));
        let undone = published(&app, 1, "nw").await;
        assert_eq!(product_of(&undone, "r-stove"), Some(STOVE));
        let out = bin(
            &app,
            &["brand", "products", "--brand", "nw", "--unset", STOVE],
        );
        assert_eq!(out.status.code(), Some(2), "nothing to remove");
    }
);
