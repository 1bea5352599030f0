//! The review form in headless Chromium with axe-core (tests/browser/form.mjs): no
//! accessibility violations in LTR and RTL, on the error and the used-link pages;
//! keyboard order; a submission with JavaScript disabled, photo included.

use crate::buyer;
use crate::images;
use crate::smtp;

use buyer::{env, token_in};
use smtp::{Options, SmtpServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_in_chromium_is_accessible_keyboard_operable_and_works_without_javascript() {
    assert!(
        std::path::Path::new("/usr/bin/chromium").exists()
            || std::env::var_os("CHROMIUM").is_some(),
        "Chromium is needed: apt-get install -y chromium (or set CHROMIUM)"
    );
    let playwright = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../node_modules/playwright-core"
    );
    assert!(
        std::path::Path::new(playwright).exists(),
        "the npm packages are needed: run `npm ci` at the repository root (`cargo xtask test` does)"
    );
    let smtp = SmtpServer::start(Options::default()).await;
    let e = env(None, Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    for (id, locale) in [("en", "en-GB"), ("ar", "ar"), ("err", "en")] {
        e.order(
            "acme",
            id,
            &format!("{id}@example.com"),
            locale,
            "GB",
            &[("p", "Trail tent")],
        )
        .await;
    }
    e.send_due().await;
    let token = |to: &str| token_in(&smtp.received().iter().find(|m| m.to[0] == to).unwrap().data);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = e
        .app
        .clone()
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let photo = e.dir.path().join("upload.jpg");
    std::fs::write(&photo, images::jpeg_with_exif_gps(64, 48)).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/form.mjs");
    let out = tokio::process::Command::new("node")
        .arg(script)
        .args([
            &base,
            &token("en@example.com"),
            &token("ar@example.com"),
            &token("err@example.com"),
        ])
        .arg(&photo)
        .arg(buyer::ADMIN_TOKEN)
        .output()
        .await
        .expect("node (Debian's nodejs) runs the page test");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("ok form in Chromium"), "{text}");
    // The JavaScript-free submission stored a review with its (clean) photo.
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM reviews WHERE author = 'Kim' AND rating = 4")
            .await,
        1
    );
    assert_eq!(e.scalar("SELECT COUNT(*) FROM review_photos").await, 1);
    // … and the removal clicked on the admin page was recorded with its reason.
    assert_eq!(e.scalar("SELECT COUNT(*) FROM moderation_log WHERE action = 'remove' AND reason = 'author-request'").await, 1);
}
