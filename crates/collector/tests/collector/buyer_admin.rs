//! The merchant's admin page and moderation: login, CSRF on every change, removal
//! only for a fixed reason (never the rating), the log and the public counts, the
//! brand's reply; and the naughty-strings corpus inert in the form and the admin page.

use crate::admin;
use crate::buyer;
use crate::pg;
use crate::smtp;

use admin::{assert_inert, csrf, login, login_with, naughty, page, post};
use axum::body::Body;
use axum::http::Request;
use buyer::{env, token_in, Env, Form};
use smtp::{Options, SmtpServer};

/// A collector with brands acme and beta and one review per `forms` entry at acme.
async fn with_reviews(db: Option<String>, forms: &[Form]) -> (Env, SmtpServer) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.brand("beta", "beta.myshopify.com").await;
    for (i, _) in forms.iter().enumerate() {
        e.order(
            "acme",
            &format!("o{i}"),
            &format!("b{i}@example.com"),
            "en",
            "US",
            &[("p", "Tent")],
        )
        .await;
    }
    e.send_due().await;
    for (m, f) in smtp.received().iter().zip(forms) {
        let (s, page) = e.post_review(&token_in(&m.data), f).await;
        assert_eq!(s, 200, "{}", &page[page.len().saturating_sub(300)..]);
    }
    (e, smtp)
}

async fn review_id(e: &Env, rating: i64) -> String {
    sqlx::query_scalar(&format!("SELECT id FROM reviews WHERE rating = {rating}"))
        .fetch_one(&e.state.db.pool)
        .await
        .unwrap()
}

on_both!(login_is_required_and_a_wrong_token_is_refused);
async fn login_is_required_and_a_wrong_token_is_refused(db: Option<String>) {
    let (e, _smtp) = with_reviews(db, &[Form::valid()]).await;
    let (s, p) = e.get("/admin/brands/acme").await;
    assert_eq!(s, 303, "{p}");
    let (s, p) = e.get("/admin").await;
    assert_eq!(s, 200);
    assert!(p.contains("action=\"/admin/login\"") && !p.contains("Kept us dry"));
    let req = Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("token=guess"))
        .unwrap();
    let (s, p, h) = e.call(req).await;
    assert_eq!(s, 401);
    assert!(p.contains("role=\"alert\"") && h.get("set-cookie").is_none());
    let forged = "tc_admin=99999999999.00";
    assert_eq!(page(&e, forged, "/admin/brands/acme").await.0, 303);
    let cookie = login(&e).await;
    let (s, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert_eq!(s, 200);
    for section in ["Orders", "Invitations", "Reviews", "Moderation log"] {
        assert!(p.contains(&format!("<h2>{section}</h2>")), "{section}");
    }
    assert!(p.contains("Kept us dry"));
}

on_both!(every_change_needs_the_csrf_token_and_our_origin);
async fn every_change_needs_the_csrf_token_and_our_origin(db: Option<String>) {
    let (e, _smtp) = with_reviews(db, &[Form::valid().set("rating", "2")]).await;
    let cookie = login(&e).await;
    let token = csrf(&page(&e, &cookie, "/admin/brands/acme").await.1);
    let rid = review_id(&e, 2).await;
    let path = format!("/admin/brands/acme/reviews/{rid}/remove");
    assert_eq!(
        post(&e, &cookie, &path, "reason=abusive", None).await,
        403,
        "no token"
    );
    assert_eq!(
        post(
            &e,
            &cookie,
            &path,
            &format!("reason=abusive&csrf={}", "0".repeat(64)),
            None
        )
        .await,
        403
    );
    let ok = format!("reason=abusive&csrf={token}");
    assert_eq!(
        post(&e, &cookie, &path, &ok, Some("https://evil.example")).await,
        403,
        "another origin"
    );
    assert_eq!(
        post(&e, "tc_admin=1.2", &path, &ok, None).await,
        303,
        "no session: to the login"
    );
    let reply = format!("/admin/brands/acme/reviews/{rid}/reply");
    assert_eq!(post(&e, &cookie, &reply, "body=Thanks", None).await, 403);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        1,
        "nothing changed"
    );
    assert_eq!(e.scalar("SELECT COUNT(*) FROM replies").await, 0);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM moderation_log WHERE action <> 'publish'")
            .await,
        0
    );
}

on_both!(removal_only_for_a_fixed_reason_logged_and_counted_and_replies_are_the_brands);
async fn removal_only_for_a_fixed_reason_logged_and_counted_and_replies_are_the_brands(
    db: Option<String>,
) {
    let (e, _smtp) = with_reviews(
        db,
        &[
            Form::valid().set("rating", "1"),
            Form::valid().set("rating", "5"),
        ],
    )
    .await;
    // Every rating is published alike, at once.
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        2
    );
    let cookie = login(&e).await;
    let token = csrf(&page(&e, &cookie, "/admin/brands/acme").await.1);
    let one = review_id(&e, 1).await;
    let five = review_id(&e, 5).await;
    let remove = |rid: &str| format!("/admin/brands/acme/reviews/{rid}/remove");
    // No setting can filter by rating: the configuration refuses such keys outright.
    let dir = tempfile::tempdir().unwrap();
    for key in [
        "min_rating = 4",
        "hide_below = 3",
        "auto_publish_min_rating = 4",
        "publish_delay_below = \"7d\"",
    ] {
        let file = dir.path().join("c.toml");
        std::fs::write(&file, key).unwrap();
        let err = trust_collector::Config::load_with(Some(&file), |_| None).unwrap_err();
        assert!(
            format!("{err:#}").contains("unknown field"),
            "{key}: {err:#}"
        );
    }
    for bad in ["low-rating", "", "negative"] {
        assert_eq!(
            post(
                &e,
                &cookie,
                &remove(&one),
                &format!("reason={bad}&csrf={token}"),
                None
            )
            .await,
            422,
            "{bad}"
        );
    }
    // Another brand's page cannot reach acme's review.
    let other = format!("/admin/brands/beta/reviews/{one}/remove");
    assert_eq!(
        post(
            &e,
            &cookie,
            &other,
            &format!("reason=abusive&csrf={token}"),
            None
        )
        .await,
        404
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        2
    );

    let ok = format!("reason=spam-or-unrelated&csrf={token}");
    assert_eq!(
        post(
            &e,
            &cookie,
            &remove(&five),
            &ok,
            Some("http://collector.test")
        )
        .await,
        303
    );
    assert_eq!(
        e.scalar(&format!(
            "SELECT COUNT(*) FROM reviews WHERE id = '{five}' AND status = 'removed'"
        ))
        .await,
        1
    );
    assert_eq!(e.scalar("SELECT COUNT(*) FROM moderation_log WHERE action = 'remove' AND reason = 'spam-or-unrelated' AND actor = 'admin' AND at > 0").await, 1);
    let (s, json) = e.get("/v1/brands/acme/moderation.json").await;
    assert_eq!(s, 200);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["published"], 1);
    assert_eq!(v["removed"]["spam-or-unrelated"], 1);
    assert_eq!(v["removed"]["abusive"], 0);
    assert_eq!(
        v["removed"].as_object().unwrap().len(),
        5,
        "the five fixed reasons, nothing else"
    );
    assert_eq!(e.get("/v1/brands/nobody/moderation.json").await.0, 404);

    let restore = format!("/admin/brands/acme/reviews/{five}/restore");
    assert_eq!(
        post(&e, &cookie, &restore, &format!("csrf={token}"), None).await,
        303
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        2
    );
    let reply = format!("/admin/brands/acme/reviews/{one}/reply");
    assert_eq!(
        post(
            &e,
            &cookie,
            &reply,
            &format!("body=Sorry+to+hear+that&csrf={token}"),
            None
        )
        .await,
        303
    );
    assert_eq!(
        e.scalar(
            "SELECT COUNT(*) FROM replies WHERE brand_id = 'acme' AND body = 'Sorry to hear that'"
        )
        .await,
        1
    );
    let (_, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert!(p.contains("Reply as acme brand") && p.contains("Sorry to hear that"));
}

on_both!(naughty_strings_are_inert_in_the_form_and_the_admin_page);
async fn naughty_strings_are_inert_in_the_form_and_the_admin_page(db: Option<String>) {
    let lines = naughty();
    assert!(lines.len() > 50);
    // The checker itself sees live markup.
    for live in [
        "<p><img src=x onerror=alert(1)></p>",
        "<a href=\"javascript:x\">",
        "<p onclick=\"x\">",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_inert(live, "probe")).is_err(),
            "{live}"
        );
    }
    // Each line as title, name and body of one review; long lines cut to the limits.
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let forms: Vec<Form> = lines
        .iter()
        .map(|l| {
            Form::valid()
                .set("title", &cut(l, 200))
                .set("name", &cut(l, 80))
                .set("body", &cut(&format!("x {l}"), 5000))
        })
        .collect();
    let (e, smtp) = with_reviews(db, &forms).await;
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews").await,
        lines.len() as i64
    );
    let cookie = login(&e).await;
    let (s, p) = page(&e, &cookie, "/admin/brands/acme").await;
    assert_eq!(s, 200);
    assert_inert(&p, "admin page");
    assert!(p.contains("&lt;script"), "the corpus is shown as text");
    // The form re-rendered with every line as typed values (an error keeps them).
    // (Four links: a link allows 30 requests per 10 minutes.)
    let products: Vec<(String, String)> = (0..4)
        .map(|i| (format!("x{i}"), "Tent".to_string()))
        .collect();
    let refs: Vec<(&str, &str)> = products
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    e.order("acme", "extra", "x@example.com", "en", "US", &refs)
        .await;
    e.send_due().await;
    let tokens: Vec<String> = smtp
        .received()
        .iter()
        .rev()
        .take(4)
        .map(|m| token_in(&m.data))
        .collect();
    for (i, l) in lines.iter().enumerate() {
        let token = &tokens[i / 25];
        let f = Form::valid()
            .set("rating", "")
            .set("title", &cut(l, 200))
            .set("name", &cut(l, 80))
            .set("body", l);
        let (s, p) = e.post_review(token, &f).await;
        assert_eq!(s, 422, "{l}");
        assert_inert(&p, l);
    }
}

on_both!(a_brands_own_token_sees_and_changes_only_that_brand);
async fn a_brands_own_token_sees_and_changes_only_that_brand(db: Option<String>) {
    let (e, _smtp) = with_reviews(db, &[Form::valid()]).await;
    let rid = review_id(&e, 4).await;
    // Issued by the CLI, as a merchant would get it.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trust-collector"))
        .args(["brand", "admin-token", "--brand", "acme"])
        .env("TRUST_COLLECTOR_DATA_DIR", e.dir.path())
        .env(
            "TRUST_COLLECTOR_DATABASE_URL",
            e.state.config.database_url.as_str(),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let acme_token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(acme_token.len() >= 43);
    assert_eq!(
        e.scalar(&format!(
            "SELECT COUNT(*) FROM admin_tokens WHERE token_hash = '{acme_token}'"
        ))
        .await,
        0,
        "stored hashed"
    );
    let beta_token = trust_collector::admin_session::issue_brand_token(&e.state.db, "beta")
        .await
        .unwrap();

    let acme = login_with(&e, &acme_token).await;
    let (_, home) = page(&e, &acme, "/admin").await;
    assert!(home.contains("/admin/brands/acme") && !home.contains("/admin/brands/beta"));
    assert_eq!(page(&e, &acme, "/admin/brands/beta").await.0, 404);
    let (s, p) = page(&e, &acme, "/admin/brands/acme").await;
    assert_eq!(s, 200);
    let acme_csrf = csrf(&p);

    let beta = login_with(&e, &beta_token).await;
    assert_eq!(page(&e, &beta, "/admin/brands/acme").await.0, 404);
    let beta_csrf = csrf(&page(&e, &beta, "/admin/brands/beta").await.1);
    let remove = format!("/admin/brands/acme/reviews/{rid}/remove");
    let as_beta = format!("reason=abusive&csrf={beta_csrf}");
    assert_eq!(
        post(&e, &beta, &remove, &as_beta, None).await,
        403,
        "beta cannot moderate acme"
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        1
    );
    let as_acme = format!("reason=abusive&csrf={acme_csrf}");
    assert_eq!(post(&e, &acme, &remove, &as_acme, None).await, 303);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'removed'")
            .await,
        1
    );

    // A new token for acme ends the old one's sessions and logins.
    trust_collector::admin_session::issue_brand_token(&e.state.db, "acme")
        .await
        .unwrap();
    assert_eq!(page(&e, &acme, "/admin/brands/acme").await.0, 303);
    let req = Request::post("/admin/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={acme_token}")))
        .unwrap();
    assert_eq!(e.call(req).await.0, 401);
    assert_eq!(
        page(&e, &beta, "/admin/brands/beta").await.0,
        200,
        "other brands unaffected"
    );
    assert!(
        trust_collector::admin_session::issue_brand_token(&e.state.db, "nobody")
            .await
            .is_err()
    );
}
