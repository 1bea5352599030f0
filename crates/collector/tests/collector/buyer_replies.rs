//! The brand's reply: written on the admin page, logged with actor and time, and
//! published inside the collector-signed review exactly as the brand wrote it
//! (checked with the real verifier); an edit or a removal re-publishes; the review
//! itself cannot be changed this way; the naughty-strings corpus stays text; no
//! other brand's login can reply. And the admin page's product section. On SQLite
//! and PostgreSQL.

use crate::admin;
use crate::buyer;
use crate::pg;
use crate::signed;

use admin::{assert_inert, csrf, login, login_with, naughty, page, post};
use buyer::{env, Env};
use serde_json::json;
use trust_collector::db::now;
use trust_collector::publish;
use trust_manifest::{Reply, Review, Timestamp};

/// acme's and beta's roots: the harness derives both from the id's length (4).
const SEED: u8 = 4;

/// A collector with brands acme and beta and `n` published reviews at acme.
async fn with_reviews(db: Option<String>, n: usize) -> (Env, Vec<String>) {
    let e = env(db.as_deref(), None, &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.brand("beta", "beta.myshopify.com").await;
    let ids: Vec<String> = (0..n).map(|i| format!("rev{i:03}")).collect();
    for (i, id) in ids.iter().enumerate() {
        signed::insert_review(
            &e.state.db,
            "acme",
            id,
            Some("tent"),
            1 + i as i64 % 5,
            false,
            now() - 1000 + i as i64,
        )
        .await;
    }
    (e, ids)
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Publishes what is due and returns acme's reviews as the verifier sees them,
/// read from the files the service serves.
async fn published(e: &Env) -> Vec<Review> {
    publish::publish_due(&e.state).await.unwrap();
    let (s, index) = e.get("/v1/brands/acme/review-pages.json").await;
    assert_eq!(s, 200, "{index}");
    let (_, aggregate) = e.get("/v1/brands/acme/aggregate.json").await;
    let at = now();
    let products = json!([{ "id": "tent", "name": "Tent" }]);
    let m = signed::manifest("acme", SEED, products, &index, &aggregate, at);
    let v = signed::verify(&e.state.key.public(), &m, SEED, at + 60);
    let mut files = vec![];
    for n in 0..v.review_pages().unwrap().pages() {
        let (s, body, h) = e
            .call(
                axum::http::Request::get(format!("/v1/brands/acme/page-{n}.json"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(s, 200);
        assert!(h["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        files.push(body.into_bytes());
    }
    signed::all_reviews(&v, |n| files[n as usize].clone())
}

fn by_id<'a>(reviews: &'a [Review], id: &str) -> &'a Review {
    reviews.iter().find(|r| r.id == id).unwrap()
}

async fn due(e: &Env) -> bool {
    publish::due(&e.state.db, now())
        .await
        .unwrap()
        .contains(&"acme".to_string())
}

on_both!(a_reply_is_signed_as_the_brands_and_edits_republish);
async fn a_reply_is_signed_as_the_brands_and_edits_republish(db: Option<String>) {
    let (e, ids) = with_reviews(db, 2).await;
    let rid = &ids[0];
    let before = published(&e).await;
    assert!(by_id(&before, rid).reply.is_none());

    let cookie = login(&e).await;
    let token = csrf(&page(&e, &cookie, "/admin/brands/acme").await.1);
    let path = format!("/admin/brands/acme/reviews/{rid}/reply");
    // The brand writes its reply; fields of the review in the same form change nothing.
    let text = "Thank you, Kim — glad it kept you dry.\nWe have passed this on.";
    let typed = text.replace('\n', "\r\n");
    let sent = form(&[
        ("body", &typed),
        ("rating", "1"),
        ("title", "Edited"),
        ("csrf", &token),
    ]);
    assert_eq!(post(&e, &cookie, &path, &sent, None).await, 303);
    assert!(due(&e).await, "a reply re-publishes");
    let after = published(&e).await;
    let r = by_id(&after, rid);
    let today = Timestamp(now()).date();
    assert_eq!(
        r.reply,
        Some(Reply {
            body: text.into(),
            date: today
        }),
        "the brand's words, signed by the collector"
    );
    let was = by_id(&before, rid);
    assert_eq!(
        (r.rating.value, &r.title, &r.body, &r.author),
        (was.rating.value, &was.title, &was.body, &was.author),
        "the review itself is unchanged"
    );
    assert!(by_id(&after, &ids[1]).reply.is_none());
    let (_, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert!(p.contains("We have passed this on.") && p.contains("Remove reply"));

    // The same text again: nothing to log, nothing to publish.
    assert_eq!(post(&e, &cookie, &path, &sent, None).await, 303);
    assert!(!due(&e).await);
    // An edit re-publishes under a new root.
    let first_page = e.get("/v1/brands/acme/page-0.json").await.1;
    let edit = form(&[("body", "Thank you, Kim."), ("csrf", &token)]);
    assert_eq!(post(&e, &cookie, &path, &edit, None).await, 303);
    assert!(due(&e).await);
    let edited = published(&e).await;
    assert_eq!(
        by_id(&edited, rid).reply.as_ref().unwrap().body,
        "Thank you, Kim."
    );
    assert_ne!(e.get("/v1/brands/acme/page-0.json").await.1, first_page);
    // Too long or empty: refused, nothing changed.
    let long = "x".repeat(5001);
    for bad in ["", " \r\n ", long.as_str()] {
        let b = form(&[("body", bad), ("csrf", &token)]);
        assert_eq!(
            post(&e, &cookie, &path, &b, None).await,
            422,
            "{}",
            bad.len()
        );
    }
    // Removal re-publishes without it.
    let remove = format!("{path}/remove");
    assert_eq!(
        post(&e, &cookie, &remove, &form(&[("csrf", &token)]), None).await,
        303
    );
    assert!(published(&e).await.iter().all(|r| r.reply.is_none()));
    assert_eq!(
        post(&e, &cookie, &remove, &form(&[("csrf", &token)]), None).await,
        404
    );

    // Logged like moderation decisions: action, actor, time.
    let logged = e
        .scalar(&format!(
            "SELECT COUNT(*) FROM moderation_log WHERE review_id = '{rid}' AND actor = 'admin' \
             AND at > 0 AND action IN ('reply', 'reply-edit', 'reply-remove')"
        ))
        .await;
    assert_eq!(logged, 3);
    let (_, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert!(p.contains("reply-edit") && p.contains("reply-remove"));
}

on_both!(naughty_replies_are_inert_on_the_admin_page_and_in_the_page_json);
async fn naughty_replies_are_inert_on_the_admin_page_and_in_the_page_json(db: Option<String>) {
    let lines = naughty();
    let (e, ids) = with_reviews(db, lines.len()).await;
    let cookie = login(&e).await;
    let token = csrf(&page(&e, &cookie, "/admin/brands/acme").await.1);
    let mut expected = vec![];
    for (line, rid) in lines.iter().zip(&ids) {
        // Cut to the reply's limit (the corpus has longer lines).
        let line: String = line.chars().take(5000).collect();
        let shown: String = line.chars().take(60).collect();
        let path = format!("/admin/brands/acme/reviews/{rid}/reply");
        let status = post(
            &e,
            &cookie,
            &path,
            &form(&[("body", &line), ("csrf", &token)]),
            None,
        )
        .await;
        // What the admin page stores: controls but the line break dropped, trimmed.
        let kept: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .collect();
        if kept.trim().is_empty() {
            assert_eq!(status, 422, "{shown:?}");
        } else {
            assert_eq!(status, 303, "{shown:?}");
            expected.push((rid.clone(), kept.trim().to_string()));
        }
    }
    assert!(expected.len() > 50);
    let (s, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert_eq!(s, 200);
    assert_inert(&p, "admin page with replies");
    assert!(p.contains("&lt;script"), "the corpus is shown as text");
    // In the page JSON: each reply is a JSON string that reads back as exactly the
    // stored text, inside a review that verifies.
    let reviews = published(&e).await;
    for (rid, text) in &expected {
        let reply = by_id(&reviews, rid).reply.as_ref().expect("published");
        assert_eq!(&reply.body, text, "{rid}");
    }
}

on_both!(another_brands_login_cannot_reply);
async fn another_brands_login_cannot_reply(db: Option<String>) {
    let (e, ids) = with_reviews(db, 1).await;
    let rid = &ids[0];
    published(&e).await;
    let beta_token = trust_collector::admin_session::issue_brand_token(&e.state.db, "beta")
        .await
        .unwrap();
    let beta = login_with(&e, &beta_token).await;
    let beta_csrf = csrf(&page(&e, &beta, "/admin/brands/beta").await.1);
    let body = form(&[("body", "Not from acme"), ("csrf", &beta_csrf)]);
    let empty = form(&[("csrf", &beta_csrf)]);
    for (path, want) in [
        (format!("/admin/brands/acme/reviews/{rid}/reply"), 403),
        (format!("/admin/brands/beta/reviews/{rid}/reply"), 404),
    ] {
        assert_eq!(post(&e, &beta, &path, &body, None).await, want, "{path}");
        let remove = format!("{path}/remove");
        assert_eq!(
            post(&e, &beta, &remove, &empty, None).await,
            want,
            "{remove}"
        );
    }
    assert_eq!(e.scalar("SELECT COUNT(*) FROM replies").await, 0);
    assert!(!due(&e).await, "nothing changed");

    // acme's own login replies, and the log names it.
    let acme_token = trust_collector::admin_session::issue_brand_token(&e.state.db, "acme")
        .await
        .unwrap();
    let acme = login_with(&e, &acme_token).await;
    let acme_csrf = csrf(&page(&e, &acme, "/admin/brands/acme").await.1);
    let path = format!("/admin/brands/acme/reviews/{rid}/reply");
    let ok = form(&[("body", "From acme"), ("csrf", &acme_csrf)]);
    assert_eq!(post(&e, &acme, &path, &ok, None).await, 303);
    let by_brand =
        "SELECT COUNT(*) FROM moderation_log WHERE actor = 'brand:acme' AND action = 'reply'";
    assert_eq!(e.scalar(by_brand).await, 1);
    let reviews = published(&e).await;
    assert_eq!(
        by_id(&reviews, rid).reply.as_ref().unwrap().body,
        "From acme"
    );
}

on_both!(the_admin_page_names_unmapped_products);
async fn the_admin_page_names_unmapped_products(db: Option<String>) {
    let (e, _) = with_reviews(db, 0).await;
    let items = [
        ("788032119674292922", "Trail tent <2P>"),
        ("632910392", "Mug"),
    ];
    e.order("acme", "o1", "b@example.com", "en", "US", &items)
        .await;
    trust_collector::products::set(&e.state.db, "acme", "788032119674292922", "tent-2p")
        .await
        .unwrap();
    let cookie = login(&e).await;
    let (s, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert_eq!(s, 200);
    assert_inert(&p, "admin page with products");
    let p = &p[p.find("<h2>Products</h2>").expect("a product section")..];
    assert!(p.contains("1 of 2 products are unmapped"), "{p}");
    let mug = p
        .find("<td>632910392</td>")
        .expect("the unmapped product is listed");
    let tent = p
        .find("<td>788032119674292922</td>")
        .expect("the mapped one too");
    assert!(mug < tent, "unmapped first");
    assert!(p[mug..tent].contains("<strong>unmapped</strong>"));
    assert!(p[tent..].contains("<td>tent-2p</td>") && p.contains("Trail tent &lt;2P&gt;"));
    assert!(p.contains("trust-collector brand products --brand acme --manifest"));
}
