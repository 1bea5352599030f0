//! Figures, not assertions (run by hand; the collector's bench rows live in
//! `cargo xtask bench`): how fast the outbox empties into a real SMTP server, and
//! how long photo cleaning takes for a camera-sized JPEG.
//!
//! cargo test --profile server -p trust-collector --test collector buyer_measure -- --ignored --nocapture
//! (the `server` profile, opt-level 3: `release` is opt-level "z" for the widget)

use crate::buyer;
use crate::images;
use crate::smtp;

use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, run by hand"]
async fn outbox_and_photo_figures() {
    const N: usize = 2_000;
    let smtp = smtp::SmtpServer::start(smtp::Options::default()).await;
    let e = buyer::env(None, Some(&smtp.url()), &[]).await;
    e.brand("acme", "acme.myshopify.com").await;
    let mut tx = e.state.db.pool.begin().await.unwrap();
    for i in 0..N {
        let o = trust_collector::orders::Order {
            order_id: format!("m{i}"),
            email: Some(format!("m{i}@example.com")),
            locale: Some(["en", "de", "ja", "ar"][i % 4].into()),
            country: Some("US".into()),
            created_at: trust_collector::db::now(),
            fulfilled_at: Some(trust_collector::db::now()),
            items: vec![trust_collector::orders::Item {
                product_id: "p".into(),
                sku: None,
                title: Some("Tent".into()),
            }],
        };
        trust_collector::orders::upsert(&mut tx, "acme", "csv", &o, 0)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let t = Instant::now();
    trust_collector::invite::sweep(&e.state, trust_collector::db::now())
        .await
        .unwrap();
    let sweep = t.elapsed();
    let t = Instant::now();
    assert_eq!(e.send_due().await, N);
    let send = t.elapsed();
    assert_eq!(smtp.received().len(), N);
    println!(
        "sweep: {N} orders scheduled in {:.2} s ({:.0}/s)",
        sweep.as_secs_f64(),
        N as f64 / sweep.as_secs_f64()
    );
    println!(
        "outbox: {N} invitations sent in {:.2} s ({:.0}/s, one SMTP connection, SQLite)",
        send.as_secs_f64(),
        N as f64 / send.as_secs_f64()
    );

    // A 4000×3000 camera-sized JPEG with EXIF (about 2–4 MB), cleaned 5 times.
    let big = images::jpeg_with_exif_gps(4000, 3000);
    let mut ms = vec![];
    for _ in 0..5 {
        let t = Instant::now();
        trust_collector::photos::clean(&big).unwrap();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "photo: {:.1} MB JPEG 4000x3000 cleaned in {:.0} ms median (min {:.0}, max {:.0})",
        big.len() as f64 / 1e6,
        ms[2],
        ms[0],
        ms[4]
    );
}
