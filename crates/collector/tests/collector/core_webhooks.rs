//! Orders in over HTTP, on SQLite and on a real PostgreSQL: Shopify's signed
//! webhooks, the generic endpoint, and every refusal storing nothing.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;
use support::{generic, order, secret, shopify, TestApp};
use trust_collector::orders;

both!(
    a_signed_shopify_order_is_stored_reduced,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        let (status, body) = app
            .call(shopify(
                "orders/fulfilled",
                "northwind.myshopify.com",
                "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                &secret("nw"),
                &order(820982911946154508, "jon@example.com", 632910392),
            ))
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("stored"))
        );
        let o = orders::get(&app.state.db, "nw", "820982911946154508")
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(o.email.as_deref(), Some("jon@example.com"));
        assert_eq!(o.country.as_deref(), Some("DE"));
        assert_eq!(o.locale.as_deref(), Some("de"));
        assert_eq!(o.source, "shopify");
        let fulfilled = trust_manifest::ts("2026-11-03T14:00:00Z").0;
        assert_eq!(o.fulfilled_at, Some(fulfilled));
        // invite_after is 0s here: the window is 30 days after fulfilment.
        assert_eq!(o.window_closes_at, fulfilled + 30 * 86_400);
        assert_eq!(o.items.len(), 1);
        assert_eq!(o.items[0].product_id, "632910392");
        assert_eq!(o.items[0].sku.as_deref(), Some("TENT-2P"));
    }
);

both!(
    a_bad_signature_is_401_and_stores_nothing,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        let body = order(1001, "jon@example.com", 7);
        // Wrong secret.
        let wrong = shopify(
            "orders/create",
            "northwind.myshopify.com",
            "w1",
            "not-the-secret",
            &body,
        );
        // Right signature, body changed after signing.
        let mut tampered = shopify(
            "orders/create",
            "northwind.myshopify.com",
            "w2",
            &secret("nw"),
            &body,
        );
        *tampered.body_mut() =
            Body::from(serde_json::to_vec(&order(1001, "eve@example.com", 7)).unwrap());
        // No signature at all, and one that is not base64.
        let mut missing = shopify(
            "orders/create",
            "northwind.myshopify.com",
            "w3",
            &secret("nw"),
            &body,
        );
        missing.headers_mut().remove("x-shopify-hmac-sha256");
        let mut garbage = shopify(
            "orders/create",
            "northwind.myshopify.com",
            "w4",
            &secret("nw"),
            &body,
        );
        garbage
            .headers_mut()
            .insert("x-shopify-hmac-sha256", "%%%".parse().unwrap());
        for req in [wrong, tampered, missing, garbage] {
            let (status, v) = app.call(req).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(v["error"], "bad-signature", "{v}");
        }
        assert_eq!(app.count("orders", "nw").await, 0);
        assert_eq!(app.count("webhook_events", "nw").await, 0);
        // The same delivery ids still work once correctly signed: a refusal consumed none.
        let ok = shopify(
            "orders/create",
            "northwind.myshopify.com",
            "w1",
            &secret("nw"),
            &body,
        );
        assert_eq!(app.call(ok).await.0, StatusCode::OK);
        assert_eq!(app.count("orders", "nw").await, 1);
    }
);

both!(
    a_repeated_webhook_id_is_a_no_op,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        let first = order(1001, "jon@example.com", 7);
        let (s, v) = app
            .call(shopify(
                "orders/create",
                "northwind.myshopify.com",
                "same-id",
                &secret("nw"),
                &first,
            ))
            .await;
        assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("stored")));
        // A replay with the same id, even carrying another order or email, changes nothing.
        let mut other = order(1001, "eve@example.com", 8);
        other["customer_locale"] = json!("fr");
        let (s, v) = app
            .call(shopify(
                "orders/fulfilled",
                "northwind.myshopify.com",
                "same-id",
                &secret("nw"),
                &other,
            ))
            .await;
        assert_eq!(
            (s, v["status"].as_str()),
            (StatusCode::OK, Some("duplicate"))
        );
        let o = orders::get(&app.state.db, "nw", "1001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.email.as_deref(), Some("jon@example.com"));
        assert_eq!(o.items.len(), 1);
        assert_eq!(app.count("webhook_events", "nw").await, 1);
    }
);

both!(an_unknown_shop_is_401, |app: TestApp| async move {
    app.brand("nw", "northwind.myshopify.com", 1).await;
    let body = order(1, "a@b.example", 1);
    let (s, v) = app
        .call(shopify(
            "orders/create",
            "stranger.myshopify.com",
            "x",
            &secret("nw"),
            &body,
        ))
        .await;
    assert_eq!(
        (s, v["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unknown-shop"))
    );
    let mut none = shopify(
        "orders/create",
        "northwind.myshopify.com",
        "x",
        &secret("nw"),
        &body,
    );
    none.headers_mut().remove("x-shopify-shop-domain");
    assert_eq!(app.call(none).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("orders", "nw").await, 0);
});

both!(one_brand_cannot_touch_another, |app: TestApp| async move {
    app.brand("a", "a.myshopify.com", 1).await;
    app.brand("b", "b.myshopify.com", 2).await;
    let mut a_order = order(5000, "alice@example.com", 11);
    a_order["fulfillments"] = json!([]);
    a_order["fulfillment_status"] = json!(null);
    assert_eq!(
        app.call(shopify(
            "orders/create",
            "a.myshopify.com",
            "e1",
            &secret("a"),
            &a_order
        ))
        .await
        .0,
        StatusCode::OK
    );
    // B, with its own valid secret, claims to be A's shop: refused.
    let evil = order(5000, "mallory@example.com", 11);
    let (s, _) = app
        .call(shopify(
            "orders/fulfilled",
            "a.myshopify.com",
            "e2",
            &secret("b"),
            &evil,
        ))
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // B names A in the generic endpoint, signing with B's secret: refused.
    let g = json!({ "order_id": "5000", "email": "mallory@example.com",
                    "fulfilled_at": "2026-11-03T00:00:00Z", "items": [{ "product_id": "11" }] });
    assert_eq!(
        app.call(generic("a", "e3", &secret("b"), &g)).await.0,
        StatusCode::UNAUTHORIZED
    );
    // B sends the same order id and the same delivery id as A, properly: it lands in
    // B's rows only, and A's order is untouched.
    let (s, v) = app
        .call(shopify(
            "orders/fulfilled",
            "b.myshopify.com",
            "e1",
            &secret("b"),
            &evil,
        ))
        .await;
    assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("stored")));
    let a = orders::get(&app.state.db, "a", "5000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.email.as_deref(), Some("alice@example.com"));
    assert_eq!(
        a.fulfilled_at, None,
        "B's fulfilment must not reach A's order"
    );
    let b = orders::get(&app.state.db, "b", "5000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b.email.as_deref(), Some("mallory@example.com"));
    assert_eq!(app.count("orders", "a").await, 1);
    assert_eq!(app.count("webhook_events", "a").await, 1);
});

both!(
    the_generic_endpoint_stores_and_refuses,
    |app: TestApp| async move {
        app.brand("g", "g.example.com", 3).await;
        let body = json!({
            "order_id": "W-1", "email": "kim@example.com", "locale": "ja", "country": "jp",
            "fulfilled_at": "2026-11-05T01:02:03+09:00",
            "items": [{ "product_id": "mug", "sku": "MUG-1", "title": "Mug" }]
        });
        let (s, v) = app.call(generic("g", "ev-1", &secret("g"), &body)).await;
        assert_eq!(
            (s, v["status"].as_str()),
            (StatusCode::OK, Some("stored")),
            "{v}"
        );
        let o = orders::get(&app.state.db, "g", "W-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.country.as_deref(), Some("JP"));
        assert_eq!(
            o.fulfilled_at,
            Some(trust_manifest::ts("2026-11-04T16:02:03Z").0)
        );
        // Replay: no-op. Unknown field: a clear 400. Unknown brand: 401.
        let (_, v) = app.call(generic("g", "ev-1", &secret("g"), &body)).await;
        assert_eq!(v["status"], "duplicate");
        let typo = json!({ "order_id": "W-2", "emial": "x@y.example" });
        let (s, v) = app.call(generic("g", "ev-2", &secret("g"), &typo)).await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad-order"))
        );
        assert!(v["message"].as_str().unwrap().contains("emial"), "{v}");
        let bad_time = json!({ "order_id": "W-3", "fulfilled_at": "2026-11-05 01:02:03" });
        let (s, v) = app
            .call(generic("g", "ev-3", &secret("g"), &bad_time))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
        assert_eq!(
            app.call(generic("nobody", "ev-4", &secret("g"), &body))
                .await
                .0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(app.count("orders", "g").await, 1);
        assert_eq!(app.count("webhook_events", "g").await, 1);
    }
);

both!(
    oversize_and_malformed_bodies_get_json_errors,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        let huge =
            json!({ "id": 1, "note": "x".repeat(trust_collector::webhooks::MAX_WEBHOOK_BYTES) });
        let (s, v) = app
            .call(shopify(
                "orders/create",
                "northwind.myshopify.com",
                "big",
                &secret("nw"),
                &huge,
            ))
            .await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, Some("too-large"))
        );
        // Signed but not JSON; signed JSON without an order id; an unrelated topic.
        let raw = b"not json".to_vec();
        let tag = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            trust_collector::webhooks::hmac_tag(&secret("nw"), &raw),
        );
        let req = Request::post("/webhooks/shopify")
            .header("x-shopify-topic", "orders/create")
            .header("x-shopify-shop-domain", "northwind.myshopify.com")
            .header("x-shopify-webhook-id", "nj")
            .header("x-shopify-hmac-sha256", tag)
            .body(Body::from(raw))
            .unwrap();
        let (s, v) = app.call(req).await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad-json"))
        );
        let (s, v) = app
            .call(shopify(
                "orders/create",
                "northwind.myshopify.com",
                "noid",
                &secret("nw"),
                &json!({"email": "a@b.c"}),
            ))
            .await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad-order"))
        );
        let (s, v) = app
            .call(shopify(
                "products/update",
                "northwind.myshopify.com",
                "p",
                &secret("nw"),
                &json!({"id": 1}),
            ))
            .await;
        assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("ignored")));
        assert_eq!(app.count("orders", "nw").await, 0);
        assert_eq!(app.count("webhook_events", "nw").await, 0);
    }
);

both!(
    a_fulfillment_completes_a_created_order,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        let mut created = order(77, "jon@example.com", 7);
        created["fulfillments"] = json!([]);
        created["fulfillment_status"] = json!(null);
        app.call(shopify(
            "orders/create",
            "northwind.myshopify.com",
            "c",
            &secret("nw"),
            &created,
        ))
        .await;
        let o = orders::get(&app.state.db, "nw", "77")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.fulfilled_at, None);
        assert_eq!(
            o.window_closes_at,
            trust_manifest::ts("2026-11-01T15:00:00Z").0 + 90 * 86_400
        );
        let f = json!({ "id": 9, "order_id": 77, "status": "success",
                    "created_at": "2026-11-04T00:00:00Z", "email": "jon@example.com",
                    "destination": { "country_code": "DE" },
                    "line_items": [{ "product_id": 8, "title": "Stakes" }] });
        let (s, _) = app
            .call(shopify(
                "fulfillments/create",
                "northwind.myshopify.com",
                "f",
                &secret("nw"),
                &f,
            ))
            .await;
        assert_eq!(s, StatusCode::OK);
        let o = orders::get(&app.state.db, "nw", "77")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            o.fulfilled_at,
            Some(trust_manifest::ts("2026-11-04T00:00:00Z").0)
        );
        assert_eq!(o.window_closes_at, o.fulfilled_at.unwrap() + 30 * 86_400);
        assert_eq!(o.items.len(), 2);
    }
);
