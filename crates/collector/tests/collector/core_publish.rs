//! Publishing, checked by the real verifier (`trust_manifest::verify_manifest` and
//! its page checks), on SQLite and on a real PostgreSQL: what the collector signs
//! verifies for the brand it is bound to, and for no other; the aggregate is
//! computed from every published review; files are served with the right caching.

use crate::support;

use axum::http::{header, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use support::{signed, TestApp};
use trust_collector::publish;
use trust_manifest::{Limits, PurchaseCheckMethod, VerifiedManifest};

/// A review as the form stores it, of product "tent-2p".
async fn review(app: &TestApp, brand: &str, id: &str, rating: i64, incentivized: bool, at: i64) {
    signed::insert_review(
        &app.state.db,
        brand,
        id,
        Some("tent-2p"),
        rating,
        incentivized,
        at,
    )
    .await;
}

fn manifest(brand_id: &str, seed: u8, index: &str, aggregate: &str, at: i64) -> Vec<u8> {
    let products = json!([{ "id": "tent-2p", "name": "Trail tent" }]);
    signed::manifest(brand_id, seed, products, index, aggregate, at)
}

fn verify(app: &TestApp, json: &[u8], seed: u8, now: i64) -> VerifiedManifest {
    signed::verify(&app.state.key.public(), json, seed, now)
}

both!(
    published_pages_verify_for_their_brand_only,
    |app: TestApp| async move {
        let b = app.brand("nw", "northwind.myshopify.com", 1).await;
        let now = trust_collector::db::now();
        // 45 reviews over three pages, every rating, some incentivised; one removed.
        for i in 0..45 {
            review(
                &app,
                "nw",
                &format!("r{i:02}"),
                1 + i % 5,
                i % 7 == 0,
                now - 1000 + i,
            )
            .await;
        }
        review(&app, "nw", "gone", 1, false, now - 5000).await;
        sqlx::query("UPDATE reviews SET status = 'removed' WHERE id = 'gone'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        // A photo as the form stores it (file named by its hash, served by the collector).
        let sha = "ab".repeat(32);
        sqlx::query(
            "INSERT INTO review_photos (review_id, brand_id, position, sha256, file, content_type, alt) \
             VALUES ('r03', 'nw', 0, $1, $2, 'image/jpeg', 'Tent in snow')",
        )
        .bind(&sha)
        .bind(format!("{sha}.jpg"))
        .execute(&app.state.db.pool)
        .await
        .unwrap();
        let p = publish::publish_brand(&app.state, &b, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.review_count, 45);
        assert_eq!(p.pages.len(), 3);
        assert_eq!(p.expires_at - p.issued_at, 7 * 86_400);
        let out = app.dir.path().join("out");
        publish::write_dir(&p, &out).unwrap();
        let index = std::fs::read_to_string(out.join("review-pages.json")).unwrap();
        let aggregate = std::fs::read_to_string(out.join("aggregate.json")).unwrap();

        let v = verify(
            &app,
            &manifest("nw", 1, &index, &aggregate, now),
            1,
            now + 60,
        );
        let pages = v
            .review_pages()
            .expect("the page index verified and is bound to the brand");
        assert_eq!((pages.count(), pages.pages()), (45, 3));
        assert!(pages
            .url(1)
            .starts_with("https://collector.test.example/v1/brands/nw/pages/"));
        let mut seen = Vec::new();
        for n in 0..3 {
            let bytes = std::fs::read(out.join(format!("page-{n}.json"))).unwrap();
            for r in v.review_page(n, &bytes, &Limits::default()).unwrap() {
                assert_eq!(r.attestation().unwrap().attester, "Test collector");
                seen.push((*r).clone());
            }
        }
        assert_eq!(seen.len(), 45);
        let photo = &seen.iter().find(|r| r.id == "r03").unwrap().photos[0];
        assert_eq!(
            photo.url,
            format!("https://collector.test.example/v1/brands/nw/photos/{sha}.jpg")
        );
        assert_eq!(
            (photo.sha256.as_deref(), photo.alt.as_str()),
            (Some(sha.as_str()), "Tent in snow")
        );
        assert!(seen.iter().all(|r| r.id != "gone"));
        assert!(seen
            .iter()
            .all(|r| r.verification.as_ref().map(|c| c.method)
                == Some(PurchaseCheckMethod::OrderInvitation)));
        assert_eq!(seen.iter().filter(|r| r.incentivized).count(), 7);
        assert!(
            v.first_review_page().unwrap().is_ok(),
            "page 0 inline verifies"
        );
        // The aggregate: computed from all 45 (nine of each rating), also bound and current.
        let agg = &*v.aggregates()[0];
        assert_eq!((agg.count, agg.histogram), (45, [9, 9, 9, 9, 9]));

        // A copycat brand with another key embeds the same files: nothing counts.
        let copy = verify(
            &app,
            &manifest("nw", 9, &index, &aggregate, now),
            9,
            now + 60,
        );
        assert!(copy.review_pages().is_none());
        assert!(copy.aggregates().is_empty());
        assert!(
            copy.dropped()
                .iter()
                .any(|d| d.error.code() == "wrong-subject"),
            "{:?}",
            copy.dropped()
        );
        // After the statement's expiry, the index is no longer current.
        let late = now + 7 * 86_400 + 600;
        let stale = verify(&app, &manifest("nw", 1, &index, &aggregate, late), 1, late);
        assert!(stale.review_pages().is_none());
    }
);

both!(
    the_service_serves_and_republishes,
    |app: TestApp| async move {
        let b = app.brand("nw", "northwind.myshopify.com", 1).await;
        app.brand("other", "other.myshopify.com", 2).await;
        let now = trust_collector::db::now();
        review(&app, "nw", "r1", 5, false, now - 100).await;
        // Due: never published. The other brand has no reviews: not due, nothing served.
        assert_eq!(
            publish::due(&app.state.db, now).await.unwrap(),
            vec!["nw".to_string()]
        );
        assert_eq!(publish::publish_due(&app.state).await.unwrap(), 1);
        assert!(publish::due(&app.state.db, now).await.unwrap().is_empty());
        let res = app.get("/v1/brands/other/review-pages.json").await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);

        let res = app.get("/v1/brands/nw/review-pages.json").await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=300");
        assert_eq!(res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        let index: Value =
            serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
        let url = index["page_url"].as_str().unwrap().replace("{n}", "0");
        let path = url
            .strip_prefix("https://collector.test.example")
            .unwrap()
            .to_string();
        let res = app.get(&path).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        let first_page = res.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(
            app.get("/v1/brands/nw/aggregate.json").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.get("/v1/brands/nw/page-0.json").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.get("/v1/brands/nw/page-1.json").await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/v1/brands/nw/secrets.json").await.status(),
            StatusCode::NOT_FOUND
        );

        // A change makes the brand due; re-publishing gives a new root, and the old
        // root's page stays served (same bytes) for widgets that started on it.
        review(&app, "nw", "r2", 2, false, now - 50).await;
        app.state.changed("nw").await.unwrap();
        assert_eq!(
            publish::due(&app.state.db, now).await.unwrap(),
            vec!["nw".to_string()]
        );
        publish::publish_due(&app.state).await.unwrap();
        let again = app.get(&path).await;
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(
            again.into_body().collect().await.unwrap().to_bytes(),
            first_page
        );
        let res = app.get("/v1/brands/nw/review-pages.json").await;
        let new: Value =
            serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
        assert_ne!(new["page_url"], index["page_url"]);
        // One more publication: the oldest root is no longer kept.
        review(&app, "nw", "r3", 4, false, now - 10).await;
        app.state.changed("nw").await.unwrap();
        publish::publish_due(&app.state).await.unwrap();
        assert_eq!(app.get(&path).await.status(), StatusCode::NOT_FOUND);

        // Re-signed daily, long before the 7-day expiry.
        publish::publish_brand(&app.state, &b, now - 2 * 86_400)
            .await
            .unwrap();
        assert_eq!(
            publish::due(&app.state.db, now).await.unwrap(),
            vec!["nw".to_string()]
        );
        // Every review removed: the publication is withdrawn, not kept alive.
        sqlx::query("UPDATE reviews SET status = 'removed' WHERE brand_id = 'nw'")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        app.state.changed("nw").await.unwrap();
        publish::publish_due(&app.state).await.unwrap();
        assert_eq!(
            app.get("/v1/brands/nw/review-pages.json").await.status(),
            StatusCode::NOT_FOUND
        );
    }
);
