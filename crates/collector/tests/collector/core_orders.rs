//! Orders at rest, on SQLite and on a real PostgreSQL: CSV import with bad rows
//! reported, the retention rule, and hostile strings stored inertly.

use crate::support;

use axum::http::StatusCode;
use serde_json::json;
use support::{order, secret, shopify, TestApp};
use trust_collector::{csv_import, orders};

const CSV: &str = "\
order_id,email,locale,country,created_at,fulfilled_at,product_id,sku,title
1001,ana@example.com,es,ES,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z,tent-2p,T2,Tent
1001,ana@example.com,es,ES,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z,stakes,ST,Stakes
1002,not-an-email,,,,2026-11-02T10:00:00Z,tent-2p,,
1003,bo@example.com,,,,yesterday,tent-2p,,
1004,cy@example.com,,,,,,,
1005,di@example.com,ja,jp,,2026-11-03T00:00:00+09:00,\"mug, large\",M1,\"Mug \"\"XL\"\"\"
1006,too,few
1007,ed@example.com,en,GB,,,kettle,,
";

both!(
    csv_import_keeps_good_rows_and_reports_bad_ones,
    |app: TestApp| async move {
        let b = app.brand("nw", "northwind.myshopify.com", 1).await;
        let r = csv_import::import(&app.state.db, &b, CSV.as_bytes(), 0)
            .await
            .unwrap();
        let lines: Vec<u64> = r.bad.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![4, 5, 6, 8], "{:?}", r.bad);
        assert!(r.bad[0].1.contains("not-an-email"));
        assert!(r.bad[1].1.contains("fulfilled_at"));
        assert!(r.bad[2].1.contains("product_id"));
        assert!(r.bad[3].1.contains("fields"));
        assert_eq!((r.orders, r.rows), (3, 4));
        let o = orders::get(&app.state.db, "nw", "1001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.items.len(), 2);
        assert_eq!(o.source, "csv");
        let mug = orders::get(&app.state.db, "nw", "1005")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(mug.country.as_deref(), Some("JP"));
        assert_eq!(mug.items[0].product_id, "mug, large");
        assert_eq!(mug.items[0].title.as_deref(), Some("Mug \"XL\""));
        let unfulfilled = orders::get(&app.state.db, "nw", "1007")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(unfulfilled.fulfilled_at, None);
        assert_eq!(orders::count(&app.state.db, "nw").await.unwrap(), 3);
        // A wrong header is refused before anything is stored.
        let err = csv_import::import(&app.state.db, &b, "id,mail\n1,a@b.c\n".as_bytes(), 0)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("header"), "{err}");
        assert_eq!(orders::count(&app.state.db, "nw").await.unwrap(), 3);
    }
);

both!(
    emails_are_deleted_when_the_window_closes,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        app.brand("b", "b.myshopify.com", 2).await;
        let body = order(42, "jon@example.com", 7);
        app.call(shopify(
            "orders/fulfilled",
            "northwind.myshopify.com",
            "1",
            &secret("nw"),
            &body,
        ))
        .await;
        let mut open = order(43, "kim@example.com", 7);
        open["fulfillments"] = json!([]);
        open["fulfillment_status"] = json!(null);
        app.call(shopify(
            "orders/create",
            "b.myshopify.com",
            "1",
            &secret("b"),
            &open,
        ))
        .await;
        let closes = orders::get(&app.state.db, "nw", "42")
            .await
            .unwrap()
            .unwrap()
            .window_closes_at;
        let open_closes = orders::get(&app.state.db, "b", "43")
            .await
            .unwrap()
            .unwrap()
            .window_closes_at;
        assert!(
            open_closes > closes,
            "an unfulfilled order keeps its email 90 days from creation"
        );

        assert_eq!(
            orders::sweep_emails(&app.state.db, closes - 1)
                .await
                .unwrap(),
            0
        );
        assert!(orders::get(&app.state.db, "nw", "42")
            .await
            .unwrap()
            .unwrap()
            .email
            .is_some());
        assert_eq!(
            orders::sweep_emails(&app.state.db, closes).await.unwrap(),
            1
        );
        let o = orders::get(&app.state.db, "nw", "42")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(o.email, None);
        assert_eq!(
            o.items.len(),
            1,
            "the order stays (reviews refer to it), only the email goes"
        );
        assert!(orders::get(&app.state.db, "b", "43")
            .await
            .unwrap()
            .unwrap()
            .email
            .is_some());
        // A later delivery for the same order (Shopify resends on updates) never brings
        // the deleted email back.
        let (s, _) = app
            .call(shopify(
                "orders/fulfilled",
                "northwind.myshopify.com",
                "2",
                &secret("nw"),
                &body,
            ))
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            orders::get(&app.state.db, "nw", "42")
                .await
                .unwrap()
                .unwrap()
                .email,
            None
        );
        assert_eq!(
            orders::sweep_emails(&app.state.db, open_closes)
                .await
                .unwrap(),
            1
        );
        // Delivery ids are forgotten after 30 days; a late replay then merges harmlessly.
        let now = trust_collector::db::now();
        assert_eq!(
            orders::sweep_deliveries(&app.state.db, now).await.unwrap(),
            0
        );
        assert_eq!(
            orders::sweep_deliveries(&app.state.db, now + 31 * 86_400)
                .await
                .unwrap(),
            3
        );
        let (s, v) = app
            .call(shopify(
                "orders/fulfilled",
                "northwind.myshopify.com",
                "1",
                &secret("nw"),
                &body,
            ))
            .await;
        assert_eq!((s, v["status"].as_str()), (StatusCode::OK, Some("stored")));
        assert_eq!(
            orders::get(&app.state.db, "nw", "42")
                .await
                .unwrap()
                .unwrap()
                .email,
            None
        );
    }
);

both!(
    naughty_strings_in_webhook_fields_are_stored_inertly,
    |app: TestApp| async move {
        app.brand("nw", "northwind.myshopify.com", 1).await;
        let corpus = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/hostile/naughty.txt"
        ))
        .unwrap();
        let lines: Vec<&str> = corpus.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() > 50);
        for (i, s) in lines.iter().enumerate() {
            let id = format!("{i}-{s}");
            let mut body = order(0, "jon@example.com", 0);
            body["id"] = json!(id);
            body["customer_locale"] = json!(s);
            body["shipping_address"]["country_code"] = json!(s);
            body["line_items"] = json!([{ "product_id": s, "sku": s, "title": s }]);
            let (status, v) = app
                .call(shopify(
                    "orders/create",
                    "northwind.myshopify.com",
                    &format!("n{i}"),
                    &secret("nw"),
                    &body,
                ))
                .await;
            assert_eq!(status, StatusCode::OK, "line {i}: {v}");
            let stored_id = orders::clean("id", Some(&id)).unwrap().unwrap();
            let stored = orders::get(&app.state.db, "nw", &stored_id)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("line {i} not found by its own id"));
            // Text comes back exactly as sent (trimmed, cut at the field limit), never
            // interpreted; a locale or country that is not one is simply not kept.
            let expect = orders::clean("t", Some(s)).unwrap();
            if let Some(expect) = expect {
                assert_eq!(
                    stored.items[0].title.as_deref(),
                    Some(expect.as_str()),
                    "line {i}"
                );
                assert_eq!(stored.items[0].product_id, expect, "line {i}");
            }
            assert_eq!(stored.locale, orders::locale(Some(s)));
            assert_eq!(stored.country, orders::country(Some(s)));
        }
        // The tables are intact and hold exactly one order per line.
        assert_eq!(
            orders::count(&app.state.db, "nw").await.unwrap(),
            lines.len() as i64
        );
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
        // NUL, which PostgreSQL cannot store as text: a clear 400 on both backends.
        let mut nul = order(9, "jon@example.com", 9);
        nul["line_items"][0]["title"] = json!("a\u{0}b");
        let (s, v) = app
            .call(shopify(
                "orders/create",
                "northwind.myshopify.com",
                "nul",
                &secret("nw"),
                &nul,
            ))
            .await;
        assert_eq!(
            (s, v["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad-order"))
        );
        assert!(orders::get(&app.state.db, "nw", "9")
            .await
            .unwrap()
            .is_none());
    }
);
