//! Invitations end to end against a real SMTP server: language, link, headers, the
//! one reminder, unsubscribing, SMTP credentials, and a signed Shopify webhook
//! through the running service with a 0 s delay.

use crate::buyer;
use crate::pg;
use crate::smtp;

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use base64::Engine as _;
use buyer::{env, token_in, Form};
use smtp::{Options, SmtpServer};

on_both!(invitation_in_the_buyers_language_with_a_hashed_link_sent_once);
async fn invitation_in_the_buyers_language_with_a_hashed_link_sent_once(db: Option<String>) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.order(
        "acme",
        "1001",
        "anna@example.com",
        "de-DE",
        "DE",
        &[("p1", "Zelt <Nord>")],
    )
    .await;
    assert_eq!(e.send_due().await, 1);
    assert_eq!(e.send_due().await, 0, "nothing is due twice");
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.to, vec!["anna@example.com"]);
    assert_eq!(m.from, "reviews@collector.test");
    assert_eq!(m.header("Content-Language").as_deref(), Some("de"));
    let unsub = m.header("List-Unsubscribe").unwrap();
    assert!(
        unsub.starts_with("<http://collector.test/r/") && unsub.ends_with("/unsubscribe>"),
        "{unsub}"
    );
    assert_eq!(
        m.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(m
        .header("Message-ID")
        .unwrap()
        .contains(".invite@collector.test"));
    let parts = buyer::decoded_parts(&m.data).join("\n");
    assert!(
        parts.contains("Zelt <Nord> bewerten"),
        "German text part: {parts}"
    );
    assert!(
        parts.contains("Zelt &lt;Nord&gt;"),
        "HTML part escapes the product"
    );
    assert!(
        parts.contains("unabhängig von der Sternezahl"),
        "the neutral promise"
    );
    let token = token_in(&m.data);
    // Only the hash is stored.
    let q = format!("SELECT COUNT(*) FROM invitations WHERE token_hash = '{token}'");
    assert_eq!(e.scalar(&q).await, 0);
    let q = format!(
        "SELECT COUNT(*) FROM invitations WHERE token_hash = '{}'",
        trust_collector::tokens::hash(&token)
    );
    assert_eq!(e.scalar(&q).await, 1);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
            .await,
        1
    );
    // The link opens the form.
    assert_eq!(e.get(&format!("/r/{token}")).await.0, 200);
}

on_both!(every_language_and_the_same_template_for_every_buyer);
async fn every_language_and_the_same_template_for_every_buyer(db: Option<String>) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    let locales = [
        "en-US", "de", "fr-FR", "es", "it", "ja-JP", "ko", "zh-CN", "zh-TW", "ar-EG",
    ];
    for (i, l) in locales.iter().enumerate() {
        e.order(
            "acme",
            &format!("o{i}"),
            &format!("b{i}@example.com"),
            l,
            "US",
            &[("p", "Tent")],
        )
        .await;
    }
    assert_eq!(e.send_due().await, locales.len());
    let got = smtp.received();
    let mut langs: Vec<String> = got
        .iter()
        .map(|m| m.header("Content-Language").unwrap())
        .collect();
    langs.sort();
    assert_eq!(
        langs,
        ["ar", "de", "en", "es", "fr", "it", "ja", "ko", "zh-Hans", "zh-Hant"]
    );
    let subjects: std::collections::HashSet<String> =
        got.iter().map(|m| m.header("Subject").unwrap()).collect();
    assert_eq!(subjects.len(), locales.len(), "one subject per language");
}

on_both!(one_reminder_at_most_and_none_after_a_review);
async fn one_reminder_at_most_and_none_after_a_review(db: Option<String>) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(
        db.as_deref(),
        Some(&smtp.url()),
        &[("TRUST_COLLECTOR_REMIND_AFTER", "1h")],
    )
    .await;
    e.brand("acme", "acme.myshopify.com").await;
    e.order("acme", "x", "x@example.com", "en", "US", &[("p", "Tent")])
        .await;
    e.order("acme", "y", "y@example.com", "en", "US", &[("p", "Tent")])
        .await;
    assert_eq!(e.send_due().await, 2);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'reminder' AND state = 'pending'")
            .await,
        2
    );
    // x reviews; then the reminders fall due.
    let x = smtp
        .received()
        .into_iter()
        .find(|m| m.to[0] == "x@example.com")
        .unwrap();
    assert_eq!(
        e.post_review(&token_in(&x.data), &Form::valid()).await.0,
        200
    );
    sqlx::query("UPDATE outbox SET due_at = 0 WHERE kind = 'reminder'")
        .execute(&e.state.db.pool)
        .await
        .unwrap();
    e.send_due().await;
    e.send_due().await;
    let got = smtp.received();
    assert_eq!(
        got.iter().filter(|m| m.to[0] == "x@example.com").count(),
        1,
        "no reminder after a review"
    );
    let y: Vec<_> = got.iter().filter(|m| m.to[0] == "y@example.com").collect();
    assert_eq!(y.len(), 2, "one invitation and one reminder");
    assert!(y[1].header("Subject").unwrap().starts_with("Reminder"));
    assert_eq!(
        token_in(&y[0].data),
        token_in(&y[1].data),
        "the reminder carries the same link"
    );
    // A third send for y cannot exist (UNIQUE (invitation_id, kind)).
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
            .await,
        0
    );
}

on_both!(unsubscribe_asks_on_get_and_stops_invitations_on_post);
async fn unsubscribe_asks_on_get_and_stops_invitations_on_post(db: Option<String>) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.order(
        "acme",
        "1",
        "Bea@Example.com",
        "fr",
        "FR",
        &[("p", "Tente")],
    )
    .await;
    e.send_due().await;
    let token = token_in(&smtp.received()[0].data);
    let (s, page) = e.get(&format!("/r/{token}/unsubscribe")).await;
    assert_eq!(s, 200);
    assert!(page.contains("<form method=\"post\">"), "GET only asks");
    assert_eq!(e.scalar("SELECT COUNT(*) FROM unsubscribes").await, 0);
    let (s, _, _) = e
        .call(
            Request::post(format!("/r/{token}/unsubscribe"))
                .body(Body::from("List-Unsubscribe=One-Click"))
                .unwrap(),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(e.scalar("SELECT COUNT(*) FROM unsubscribes").await, 1);
    // A later order to the same address (other case) is not invited.
    e.order("acme", "2", "bea@example.com", "fr", "FR", &[("q", "Sac")])
        .await;
    e.send_due().await;
    assert_eq!(smtp.received().len(), 1);
    // Recorded as handled (no link, no send), so the sweep does not return to it.
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM invitations WHERE order_id = '2' AND state = 'unsubscribed' AND token_hash IS NULL").await,
        1
    );
    assert_eq!(e.scalar("SELECT COUNT(*) FROM outbox o JOIN invitations i ON i.id = o.invitation_id WHERE i.order_id = '2'").await, 0);
}

on_both!(smtp_credentials_are_used_and_a_refusal_keeps_the_send_pending);
async fn smtp_credentials_are_used_and_a_refusal_keeps_the_send_pending(db: Option<String>) {
    let creds = Some(("collector".to_string(), "s3cret pass".to_string()));
    let smtp = SmtpServer::start(Options {
        credentials: creds,
        ..Default::default()
    })
    .await;
    let good = format!("smtp://collector:s3cret%20pass@127.0.0.1:{}", smtp.port);
    let e = env(db.as_deref(), Some(&good), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.order("acme", "1", "c@example.com", "en", "US", &[("p", "Tent")])
        .await;
    assert_eq!(e.send_due().await, 1);
    assert_eq!(smtp.received()[0].user.as_deref(), Some("collector"));

    let bad = format!("smtp://collector:wrong@127.0.0.1:{}", smtp.port);
    let e2 = env(None, Some(&bad), &[]).await;
    e2.brand("acme", "acme.myshopify.com").await;
    e2.order("acme", "1", "d@example.com", "en", "US", &[("p", "Tent")])
        .await;
    e2.send_due().await;
    assert_eq!(
        smtp.received().len(),
        1,
        "nothing delivered without authentication"
    );
    assert_eq!(
        e2.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND last_error IS NOT NULL")
            .await,
        1
    );
}

on_both!(signed_shopify_webhook_to_invitation_with_a_zero_delay);
async fn signed_shopify_webhook_to_invitation_with_a_zero_delay(db: Option<String>) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    let brand = e.brand("acme", "acme.myshopify.com").await;
    let worker = tokio::spawn(trust_collector::outbox::run(e.state.clone()));
    let body = serde_json::json!({
        "id": 5_001_234_u64,
        "email": "shopper@example.com",
        "customer_locale": "ja",
        "shipping_address": {"country_code": "JP"},
        "fulfillment_status": "fulfilled",
        "line_items": [{"product_id": 777_u64, "sku": "T-1", "title": "テント"}],
        "fulfillments": [{"created_at": "2026-12-01T10:00:00Z"}]
    })
    .to_string();
    let tag = trust_collector::webhooks::hmac_tag(&brand.webhook_secret, body.as_bytes());
    let req = Request::post("/webhooks/shopify")
        .header("content-type", "application/json")
        .header("X-Shopify-Topic", "orders/fulfilled")
        .header("X-Shopify-Shop-Domain", "acme.myshopify.com")
        .header("X-Shopify-Webhook-Id", "wh-1")
        .header(
            "X-Shopify-Hmac-Sha256",
            base64::engine::general_purpose::STANDARD.encode(tag),
        )
        .body(Body::from(body))
        .unwrap();
    let (s, b, _) = e.call(req).await;
    assert!(s < 300, "webhook accepted: {s} {b}");
    // The bar: within 30 s with TRUST_COLLECTOR_INVITE_AFTER=0s.
    let got = smtp.wait_for(1, Duration::from_secs(30)).await;
    worker.abort();
    assert_eq!(got.len(), 1, "invitation captured by the SMTP server");
    assert_eq!(got[0].to, vec!["shopper@example.com"]);
    assert_eq!(got[0].header("Content-Language").as_deref(), Some("ja"));
    let (s, page) = e.get(&format!("/r/{}", token_in(&got[0].data))).await;
    assert_eq!(s, 200);
    assert!(page.contains("lang=\"ja\"") && page.contains("テント"));
}

/// The delay is per market: the default 14 days, 0 s for DE, 21 days for JP.
#[tokio::test]
async fn invitation_delay_per_market() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.toml");
    std::fs::write(&file, "[invite_after_market]\nde = \"0s\"\nJP = \"21d\"\n").unwrap();
    let data = dir.path().display().to_string();
    let vars = |k: &str| match k {
        "TRUST_COLLECTOR_DATA_DIR" => Some(data.clone()),
        _ => None,
    };
    let config = trust_collector::Config::load_with(Some(&file), vars).unwrap();
    assert_eq!(config.invite_after, 14 * 86_400, "the default");
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let state = trust_collector::AppState::open(config, rx).await.unwrap();
    use trust_collector::invite::delay_for;
    assert_eq!(delay_for(&state, Some("DE")), 0);
    assert_eq!(delay_for(&state, Some("jp")), 21 * 86_400);
    assert_eq!(delay_for(&state, Some("US")), 14 * 86_400);
    assert_eq!(delay_for(&state, None), 14 * 86_400);
}

/// `?tls=required`: STARTTLS before anything else, the server's certificate checked
/// against the configured CA; a server that offers no STARTTLS gets nothing.
#[tokio::test]
async fn starttls_required_is_used_and_enforced() {
    let (options, ca) = Options::starttls();
    let smtp = SmtpServer::start(options).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca).unwrap();
    let ca_path = ca_file.display().to_string();
    let url = format!("smtp://u:p@127.0.0.1:{}?tls=required", smtp.port);
    let e = env(None, Some(&url), &[("TRUST_COLLECTOR_SMTP_CA", &ca_path)]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.order("acme", "1", "t@example.com", "en", "US", &[("p", "Tent")])
        .await;
    assert_eq!(e.send_due().await, 1);
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert!(got[0].tls, "delivered over TLS");
    assert_eq!(
        got[0].user.as_deref(),
        Some("u"),
        "authenticated inside TLS"
    );

    // Without the CA the certificate is refused; without STARTTLS on the server, too.
    let e2 = env(None, Some(&url), &[]).await;
    e2.brand("acme", "acme.myshopify.com").await;
    e2.order("acme", "1", "u@example.com", "en", "US", &[("p", "Tent")])
        .await;
    e2.send_due().await;
    let plain = SmtpServer::start(Options::default()).await;
    let plain_url = format!("smtp://127.0.0.1:{}?tls=required", plain.port);
    let e3 = env(None, Some(&plain_url), &[]).await;
    e3.brand("acme", "acme.myshopify.com").await;
    e3.order("acme", "1", "v@example.com", "en", "US", &[("p", "Tent")])
        .await;
    e3.send_due().await;
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(plain.received().len(), 0);
    for x in [&e2, &e3] {
        assert_eq!(
            x.scalar(
                "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND last_error IS NOT NULL"
            )
            .await,
            1
        );
    }
}

/// A brand name and product title with line breaks and markup cannot add headers or
/// recipients to an invitation, nor live markup to its HTML part.
#[tokio::test]
async fn hostile_names_cannot_inject_headers_or_markup() {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(None, Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    let evil = "Evil\r\nBcc: victim@example.net\r\n\r\n<script>alert(1)</script>";
    sqlx::query("UPDATE brands SET name = $1")
        .bind(evil)
        .execute(&e.state.db.pool)
        .await
        .unwrap();
    e.order("acme", "1", "a@example.com", "en", "US", &[("p", evil)])
        .await;
    assert_eq!(e.send_due().await, 1);
    let m = &smtp.received()[0];
    assert_eq!(m.to, vec!["a@example.com"], "no added recipient");
    assert!(m.header("Bcc").is_none(), "no injected header");
    let subject = m.header("Subject").unwrap();
    assert!(!subject.contains('\r') && !subject.contains('\n'));
    let html = buyer::decoded_parts(&m.data)
        .into_iter()
        .find(|p| p.contains("<!doctype html>"))
        .unwrap();
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
}

/// A bulk import (more orders than one sweep query reads) is scheduled by one sweep,
/// each order with all its products.
#[tokio::test]
async fn a_bulk_import_is_scheduled_in_one_sweep() {
    let e = env(None, None, &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    let mut tx = e.state.db.pool.begin().await.unwrap();
    for i in 0..1_200 {
        let o = trust_collector::orders::Order {
            order_id: format!("bulk{i}"),
            email: Some(format!("b{i}@example.com")),
            locale: Some("en".into()),
            country: Some("US".into()),
            created_at: trust_collector::db::now(),
            fulfilled_at: Some(trust_collector::db::now()),
            items: ["p", "q"]
                .iter()
                .map(|p| trust_collector::orders::Item {
                    product_id: (*p).into(),
                    sku: None,
                    title: None,
                })
                .collect(),
        };
        trust_collector::orders::upsert(&mut tx, "acme", "csv", &o, 0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let seen = trust_collector::invite::sweep(&e.state, trust_collector::db::now())
        .await
        .unwrap();
    assert_eq!(seen, 1_200);
    assert_eq!(e.scalar("SELECT COUNT(*) FROM invitations").await, 2_400);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'invite' AND state = 'pending'")
            .await,
        2_400
    );
    assert_eq!(
        trust_collector::invite::sweep(&e.state, trust_collector::db::now())
            .await
            .unwrap(),
        0
    );
}
