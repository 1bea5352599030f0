//! The review form: accessible markup, one review per link, refused photos and
//! links that store nothing, EXIF gone after re-encoding, rate limits.

use crate::buyer;
use crate::images;
use crate::pg;
use crate::smtp;

use buyer::{env, token_in, Env, Form};
use sha2::{Digest, Sha256};
use smtp::{Options, SmtpServer};

/// A collector with brand `acme` and one sent invitation; returns its token.
async fn invited(db: Option<String>, locale: &str) -> (Env, SmtpServer, String) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.order(
        "acme",
        "1001",
        "anna@example.com",
        locale,
        "DE",
        &[("p1", "Zelt")],
    )
    .await;
    e.send_due().await;
    let token = token_in(&smtp.received()[0].data);
    (e, smtp, token)
}

fn stored_photos(e: &Env) -> usize {
    std::fs::read_dir(e.dir.path().join("photos"))
        .map(|d| d.count())
        .unwrap_or(0)
}

on_both!(the_form_is_accessible_and_in_the_buyers_language);
async fn the_form_is_accessible_and_in_the_buyers_language(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "de-AT").await;
    let (s, page) = e.get(&format!("/r/{token}")).await;
    assert_eq!(s, 200);
    assert!(page.contains("<html lang=\"de\" dir=\"ltr\">"));
    assert!(page.contains("name=\"viewport\""), "mobile first");
    assert!(!page.contains("<script"), "works without JavaScript");
    assert!(page.contains("enctype=\"multipart/form-data\""));
    for id in ["rating", "title", "body", "name", "incentive", "photo"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} control");
    }
    for label in [
        "for=\"title\"",
        "for=\"body\"",
        "for=\"name\"",
        "for=\"photo\"",
        "for=\"rating\"",
        "for=\"incentive\"",
    ] {
        assert!(page.contains(label), "label {label}");
    }
    assert!(page.contains("<legend>Ihre Bewertung</legend>"));
    assert!(!page.contains(" checked"), "no rating is preselected");
    assert!(!page.contains("role=\"alert\""), "no errors yet");
}

on_both!(errors_are_announced_and_tied_to_their_fields_and_nothing_is_stored);
async fn errors_are_announced_and_tied_to_their_fields_and_nothing_is_stored(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "en").await;
    let f = Form::valid()
        .set("rating", "9")
        .set("body", "  ")
        .set("name", "<b>Me</b>");
    let (s, page) = e.post_review(&token, &f).await;
    assert_eq!(s, 422);
    assert!(page.contains("role=\"alert\""));
    assert!(page.contains("<a href=\"#rating\">Choose a rating from 1 to 5.</a>"));
    assert!(page.contains("<a href=\"#body\">Write your review.</a>"));
    assert!(page.contains("aria-describedby=\"body-error\" aria-invalid=\"true\""));
    assert!(page.contains("id=\"body-error\""));
    assert!(
        page.contains("value=\"&lt;b&gt;Me&lt;/b&gt;\""),
        "typed values kept, escaped"
    );
    assert_eq!(e.scalar("SELECT COUNT(*) FROM reviews").await, 0);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM invitations WHERE used_at IS NOT NULL")
            .await,
        0
    );
}

on_both!(a_link_writes_one_review_and_a_second_submission_changes_nothing);
async fn a_link_writes_one_review_and_a_second_submission_changes_nothing(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "de").await;
    let f = Form::valid().set("rating", "1").set("incentive", "yes");
    let (s, page) = e.post_review(&token, &f).await;
    assert_eq!(s, 200, "{page}");
    assert!(page.contains("Vielen Dank"));
    assert_eq!(e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published' AND rating = 1 AND incentivized = 1 AND brand_id = 'acme' AND order_id = '1001' AND product_id = 'p1' AND language = 'de' AND market = 'DE'").await, 1);
    assert_eq!(
        e.scalar(
            "SELECT COUNT(*) FROM moderation_log WHERE action = 'publish' AND actor = 'policy'"
        )
        .await,
        1
    );
    let (s, page) = e
        .post_review(&token, &Form::valid().set("body", "changed my mind"))
        .await;
    assert_eq!(s, 409);
    assert!(
        page.contains("bereits verwendet"),
        "in the buyer's language"
    );
    assert_eq!(e.get(&format!("/r/{token}")).await.0, 409);
    assert_eq!(e.scalar("SELECT COUNT(*) FROM reviews").await, 1);
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE body = 'changed my mind'")
            .await,
        0
    );
}

on_both!(expired_unknown_and_malformed_links_open_nothing);
async fn expired_unknown_and_malformed_links_open_nothing(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "en").await;
    sqlx::query("UPDATE invitations SET expires_at = 1")
        .execute(&e.state.db.pool)
        .await
        .unwrap();
    assert_eq!(e.get(&format!("/r/{token}")).await.0, 410);
    assert_eq!(e.post_review(&token, &Form::valid()).await.0, 410);
    let (other, _) = (trust_collector::tokens::link_token(&[9; 32], "x"), ());
    assert_eq!(e.get(&format!("/r/{other}")).await.0, 404);
    assert_eq!(e.post_review(&other, &Form::valid()).await.0, 404);
    for bad in ["short", "%3Cscript%3E", &"A".repeat(44)] {
        assert_eq!(e.get(&format!("/r/{bad}")).await.0, 404, "{bad}");
    }
    assert_eq!(e.scalar("SELECT COUNT(*) FROM reviews").await, 0);
}

on_both!(another_brands_link_reaches_only_that_brands_order);
async fn another_brands_link_reaches_only_that_brands_order(db: Option<String>) {
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(db.as_deref(), Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    e.brand("beta", "beta.myshopify.com").await;
    // The same order and product ids at both brands.
    e.order(
        "acme",
        "1001",
        "a@example.com",
        "en",
        "US",
        &[("p1", "Tent")],
    )
    .await;
    e.order(
        "beta",
        "1001",
        "b@example.com",
        "en",
        "US",
        &[("p1", "Tent")],
    )
    .await;
    e.send_due().await;
    let got = smtp.received();
    let beta = got.iter().find(|m| m.to[0] == "b@example.com").unwrap();
    assert_eq!(
        e.post_review(&token_in(&beta.data), &Form::valid()).await.0,
        200
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE brand_id = 'beta'")
            .await,
        1
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE brand_id = 'acme'")
            .await,
        0
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM invitations WHERE brand_id = 'acme' AND used_at IS NULL")
            .await,
        1
    );
    // acme's moderation cannot touch beta's review.
    let rid: String = sqlx::query_scalar("SELECT id FROM reviews")
        .fetch_one(&e.state.db.pool)
        .await
        .unwrap();
    let r = trust_collector::moderation::Reason::Abusive;
    assert!(
        !trust_collector::moderation::remove(&e.state, "acme", &rid, r, "admin")
            .await
            .unwrap()
    );
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'published'")
            .await,
        1
    );
}

on_both!(exif_and_gps_are_gone_and_the_photo_is_upright_and_served_by_hash);
async fn exif_and_gps_are_gone_and_the_photo_is_upright_and_served_by_hash(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "en").await;
    let upload = images::jpeg_with_exif_gps(40, 20);
    assert!(upload.windows(4).any(|w| w == b"Exif"));
    assert!(upload
        .windows(images::SECRET.len())
        .any(|w| w == images::SECRET));
    let f = Form::valid()
        .photo("IMG_0001.jpg", "image/jpeg", upload)
        .photo("p.png", "image/png", images::png(8, 8))
        .photo("w.webp", "image/webp", images::webp(2100, 30));
    assert_eq!(e.post_review(&token, &f).await.0, 200);
    assert_eq!(stored_photos(&e), 3);
    let types: Vec<String> =
        sqlx::query_scalar("SELECT content_type FROM review_photos ORDER BY position")
            .fetch_all(&e.state.db.pool)
            .await
            .unwrap();
    assert_eq!(types, ["image/jpeg", "image/png", "image/webp"]);
    let webp: String = sqlx::query_scalar("SELECT file FROM review_photos WHERE position = 2")
        .fetch_one(&e.state.db.pool)
        .await
        .unwrap();
    let w =
        image::load_from_memory(&std::fs::read(e.dir.path().join("photos").join(webp)).unwrap())
            .unwrap();
    assert_eq!(
        w.width(),
        trust_collector::photos::MAX_STORED_SIDE,
        "scaled to the stored maximum"
    );
    let file: String = sqlx::query_scalar("SELECT file FROM review_photos WHERE position = 0")
        .fetch_one(&e.state.db.pool)
        .await
        .unwrap();
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM review_photos WHERE position = 0")
        .fetch_one(&e.state.db.pool)
        .await
        .unwrap();
    let stored = std::fs::read(e.dir.path().join("photos").join(&file)).unwrap();
    assert!(!stored.windows(4).any(|w| w == b"Exif"), "no EXIF block");
    assert!(
        !stored
            .windows(images::SECRET.len())
            .any(|w| w == images::SECRET),
        "no GPS or description"
    );
    assert_eq!(trust_collector::tokens::hex(&Sha256::digest(&stored)), sha);
    assert_eq!(file, format!("{sha}.jpg"));
    let img = image::load_from_memory(&stored).unwrap();
    assert_eq!(
        (img.width(), img.height()),
        (20, 40),
        "orientation 6 applied before EXIF was dropped"
    );
    let (s, _, h) = e
        .call(
            axum::http::Request::get(format!("/v1/brands/acme/photos/{file}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(h["content-type"], "image/jpeg");
    assert_eq!(
        e.get(&format!("/v1/brands/beta/photos/{file}")).await.0,
        404,
        "not another brand's"
    );
    assert_eq!(
        e.get("/v1/brands/acme/photos/..%2F..%2Fcollector.key")
            .await
            .0,
        404
    );
}

on_both!(oversize_corrupt_and_bomb_images_are_refused_with_nothing_stored);
async fn oversize_corrupt_and_bomb_images_are_refused_with_nothing_stored(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "en").await;
    let mut oversize = images::jpeg_with_exif_gps(16, 16);
    oversize.resize(8 * 1024 * 1024 + 1, 0);
    let mut truncated = images::jpeg_with_exif_gps(64, 64);
    truncated.truncate(truncated.len() / 3);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("oversize", oversize),
        ("corrupt", b"\xFF\xD8\xFF\xE0 not really a jpeg".to_vec()),
        ("truncated", truncated),
        ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec()),
        (
            "svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec(),
        ),
        ("bomb-dimensions", images::png_bomb(100_000, 100_000)),
        ("bomb-memory", images::png_bomb(10_000, 10_000)),
    ];
    for (name, bytes) in cases {
        let f = Form::valid().photo(name, "image/jpeg", bytes);
        let (s, page) = e.post_review(&token, &f).await;
        assert_eq!(s, 422, "{name}");
        assert!(
            page.contains("aria-describedby=\"photo-hint photo-error\""),
            "{name}"
        );
        assert!(page.contains("role=\"alert\""), "{name}");
    }
    // The bombs are refused by the decoder limits, before any pixel buffer exists.
    use trust_collector::photos::{clean, PhotoError};
    assert_eq!(
        clean(&images::png_bomb(100_000, 100_000)),
        Err(PhotoError::TooBig)
    );
    assert_eq!(
        clean(&images::png_bomb(10_000, 10_000)),
        Err(PhotoError::TooBig)
    );
    let four = (0..4).fold(Form::valid(), |f, i| {
        f.photo(&format!("{i}.png"), "image/png", images::png(4, 4))
    });
    assert_eq!(
        e.post_review(&token, &four).await.0,
        422,
        "at most three photos"
    );
    assert_eq!(e.scalar("SELECT COUNT(*) FROM reviews").await, 0);
    assert_eq!(e.scalar("SELECT COUNT(*) FROM review_photos").await, 0);
    assert_eq!(stored_photos(&e), 0);
    // The link still works.
    assert_eq!(e.post_review(&token, &Form::valid()).await.0, 200);
}

on_both!(a_token_is_rate_limited);
async fn a_token_is_rate_limited(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "en").await;
    let mut statuses = vec![];
    for _ in 0..31 {
        statuses.push(e.get(&format!("/r/{token}")).await.0);
    }
    assert!(statuses[..30].iter().all(|s| *s == 200));
    assert_eq!(statuses[30], 429);
    assert_eq!(e.post_review(&token, &Form::valid()).await.0, 429);
    assert_eq!(e.scalar("SELECT COUNT(*) FROM reviews").await, 0);
}

on_both!(the_author_can_remove_their_review_with_their_link);
async fn the_author_can_remove_their_review_with_their_link(db: Option<String>) {
    let (e, _smtp, token) = invited(db, "fr").await;
    let f = Form::valid().photo("p.png", "image/png", images::png(8, 8));
    assert_eq!(e.post_review(&token, &f).await.0, 200);
    let (s, page) = e.get(&format!("/r/{token}")).await;
    assert_eq!(s, 409);
    assert!(
        page.contains(&format!("action=\"/r/{token}/remove\"")),
        "the used link offers removal"
    );
    assert!(page.contains("Retirer mon avis"), "in the buyer's language");
    let file: String = sqlx::query_scalar("SELECT file FROM review_photos")
        .fetch_one(&e.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        e.get(&format!("/v1/brands/acme/photos/{file}")).await.0,
        200
    );
    let post = |path: String| {
        axum::http::Request::post(path)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let (s, page, _) = e.call(post(format!("/r/{token}/remove"))).await;
    assert_eq!(s, 200);
    assert!(page.contains("Votre avis a été retiré"));
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE status = 'removed'")
            .await,
        1
    );
    let q = "SELECT COUNT(*) FROM moderation_log WHERE action = 'remove' AND reason = 'author-request' AND actor = 'author'";
    assert_eq!(e.scalar(q).await, 1);
    // Again: nothing more happens; the offer is gone; the photo is no longer served.
    assert_eq!(e.call(post(format!("/r/{token}/remove"))).await.0, 200);
    assert_eq!(e.scalar(q).await, 1);
    assert!(!e.get(&format!("/r/{token}")).await.1.contains("/remove\""));
    assert_eq!(
        e.get(&format!("/v1/brands/acme/photos/{file}")).await.0,
        404
    );
    let (_, json) = e.get("/v1/brands/acme/moderation.json").await;
    assert!(json.contains("\"author-request\":1"), "{json}");
    // A link that wrote nothing removes nothing.
    let other = trust_collector::tokens::link_token(&[3; 32], "nothing");
    assert_eq!(e.call(post(format!("/r/{other}/remove"))).await.0, 404);
}

/// Guessing links: 300 tries per client address per 10 minutes, then 429 for every
/// link, even a valid one.
#[tokio::test]
async fn guessing_links_is_rate_limited_per_address() {
    let (e, _smtp, token) = invited(None, "en").await;
    for i in 0..300 {
        let guess = trust_collector::tokens::link_token(&[7; 32], &format!("guess-{i}"));
        assert_eq!(e.get(&format!("/r/{guess}")).await.0, 404, "guess {i}");
    }
    let guess = trust_collector::tokens::link_token(&[7; 32], "one more");
    assert_eq!(e.get(&format!("/r/{guess}")).await.0, 429);
    assert_eq!(e.get(&format!("/r/{token}")).await.0, 429);
}
