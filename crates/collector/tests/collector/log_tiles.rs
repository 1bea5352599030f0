//! The public review log (issue 15): leaves appended in transactions, folded into
//! tiles and a signed checkpoint, served under /log/ as tlog-tiles lays it out,
//! and every byte of it checked by aics-tlog (support/aics.rs), which shares no
//! code with trust-tlog. On SQLite and PostgreSQL.

use axum::http::header;
use base64::Engine;
use serde_json::json;
use sha2::Digest;
use trust_collector::log::{self, Leaf};

use crate::aics;
use crate::support::TestApp;

/// `n` review leaves for brand `b`, as the publication would append them.
pub fn leaves(from: usize, n: usize) -> Vec<Leaf> {
    (from..from + n)
        .map(|i| Leaf::Review {
            brand_root: crate::support::root_of(3),
            review: format!("review-{i}"),
            statement: base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(i.to_string())),
        })
        .collect()
}

/// Appends in one transaction (what a publication does), then sequences.
pub async fn append_and_sequence(app: &TestApp, batch: &[Leaf]) -> log::LatestCheckpoint {
    let mut tx = app.state.db.pool.begin().await.unwrap();
    log::append(&mut tx, "b", batch, 1).await.unwrap();
    tx.commit().await.unwrap();
    log::sequence(&app.state.db, &app.state.log).await.unwrap()
}

/// The router on a real socket: the base URL of the log.
pub async fn serve_http(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = trust_collector::serve::router(app.state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}/log/")
}

both!(
    appended_leaves_are_tiles_an_independent_verifier_accepts,
    |app: TestApp| async move {
        assert_eq!(app.get("/log/checkpoint").await.status(), 404);
        let all = leaves(0, 600);
        // Batches that end inside and exactly at tile boundaries.
        let first = append_and_sequence(&app, &all[..1]).await;
        let mut at = 1;
        for n in [255, 1, 254, 89] {
            append_and_sequence(&app, &all[at..at + n]).await;
            at += n;
        }
        assert_eq!(at, 600);
        let cp = log::latest_checkpoint(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cp.size, 600);
        assert!(
            cp.note.starts_with("collector.test.example/log\n600\n"),
            "{}",
            cp.note
        );

        let url = serve_http(&app).await;
        let indices = [0u64, 255, 256, 511, 599];
        let mut conn = app.state.db.pool.acquire().await.unwrap();
        let proofs = log::proofs(&mut conn, &indices, 600).await.unwrap();
        let b64 = |h: &[u8]| base64::engine::general_purpose::STANDARD.encode(h);
        let request = json!({
            "url": url,
            "log_key": app.state.log.vkey(),
            "origin": "collector.test.example/log",
            "entries": all.iter().map(Leaf::entry).collect::<Vec<_>>(),
            "proofs": indices.iter().zip(&proofs).map(|(i, p)| json!({
                "index": i, "leaf": all[*i as usize].entry(),
                "proof": p.iter().map(|h| b64(h)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "old": { "size": first.size, "root": b64(&first.root) },
        });
        let summary = aics::check(&request)
            .await
            .unwrap_or_else(|e| panic!("aics-tlog: {e}"));
        assert_eq!(summary["size"], 600);
        assert_eq!(summary["root"], b64(&cp.root));

        // A rewritten leaf is caught by the same verifier: the entry bundle no
        // longer hashes to its level-0 tile.
        sqlx::query("UPDATE log_entries SET entry = $1 WHERE idx = 3")
            .bind(leaves(9_000, 1)[0].entry())
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        let err = aics::check(&request).await.unwrap_err();
        assert!(err.contains("bundle") || err.contains("entr"), "{err}");
    }
);

both!(
    tiles_are_served_as_tlog_tiles_says,
    |app: TestApp| async move {
        append_and_sequence(&app, &leaves(0, 300)).await;
        // Full tiles and bundles: immutable for a year.
        for path in ["/log/tile/0/000", "/log/tile/entries/000"] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
            let cc = res.headers()[header::CACHE_CONTROL].to_str().unwrap();
            assert!(cc.contains("immutable"), "{path}: {cc}");
            assert_eq!(
                res.headers()[header::CONTENT_TYPE],
                "application/octet-stream"
            );
            assert_eq!(res.headers()["access-control-allow-origin"], "*");
        }
        // Partial tiles at the checkpoint's widths (and any narrower prefix); not immutable.
        for path in [
            "/log/tile/0/001.p/44",
            "/log/tile/0/001.p/3",
            "/log/tile/1/000.p/1",
            "/log/tile/entries/001.p/44",
        ] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
            let cc = res.headers()[header::CACHE_CONTROL].to_str().unwrap();
            assert!(!cc.contains("immutable"), "{path}: {cc}");
        }
        let res = app.get("/log/tile/0/001.p/3").await;
        let body = http_body_util::BodyExt::collect(res.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert_eq!(body.len(), 3 * 32);
        // Nothing past the checkpoint, no second spelling of a path.
        for path in [
            "/log/tile/0/001",
            "/log/tile/0/001.p/45",
            "/log/tile/entries/001.p/45",
            "/log/tile/0/002.p/1",
            "/log/tile/00/000",
            "/log/tile/0/x000/000",
            "/log/tile/0/000.p/0",
            "/log/tile/0/000.p/256",
            "/log/tile/64/000",
            "/log/tile/0/1",
            "/log/tile/../../etc/passwd",
        ] {
            assert_eq!(app.get(path).await.status(), 404, "{path}");
        }
        let res = app.get("/log/checkpoint").await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()[header::CONTENT_TYPE],
            "text/plain; charset=utf-8"
        );
        let cc = res.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .to_string();
        assert!(!cc.contains("immutable"), "{cc}");
    }
);

both!(
    a_removal_is_a_leaf_of_its_own_transaction,
    |app: TestApp| async move {
        let brand = app.brand("b", "b.myshopify.com", 3).await;
        sqlx::query(
        "INSERT INTO reviews (id, brand_id, order_id, rating, body, author, language, submitted_at, changed_at) \
         VALUES ('rv1', 'b', 'o1', 2, 'Tore on day one.', 'Jon', 'en', 1, 1)",
    )
    .execute(&app.state.db.pool)
    .await
    .unwrap();
        use trust_collector::moderation::{remove, Reason};
        assert!(
            remove(&app.state, "b", "rv1", Reason::PersonalData, "operator")
                .await
                .unwrap()
        );
        // Removing again, or another brand's review, changes nothing and logs nothing.
        assert!(!remove(&app.state, "b", "rv1", Reason::Abusive, "operator")
            .await
            .unwrap());
        assert!(
            !remove(&app.state, "other", "rv1", Reason::Abusive, "operator")
                .await
                .unwrap()
        );
        let cp = log::sequence(&app.state.db, &app.state.log).await.unwrap();
        assert_eq!(cp.size, 1);
        let entry: String = sqlx::query_scalar("SELECT entry FROM log_entries WHERE idx = 0")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        assert_eq!(
            entry,
            format!(
                r#"{{"t":"removal","brand":"{}","review":"rv1","reason":"personal-data"}}"#,
                brand.root
            )
        );
    }
);

#[tokio::test]
async fn log_key_prints_the_verifier_key_the_checkpoints_verify_under() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_trust-collector"))
            .args(args)
            .env("TRUST_COLLECTOR_DATA_DIR", dir.path())
            .env(
                "TRUST_COLLECTOR_PUBLIC_URL",
                "https://reviews.example/base/",
            )
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let vkey = run(&["log-key"]);
    assert_eq!(run(&["log-key"]), vkey, "created once, then read");
    let key = trust_tlog::VerifierKey::parse(&vkey).unwrap();
    assert_eq!(key.name(), "reviews.example/base/log");
    assert_eq!(key.kind(), trust_tlog::SigType::Ed25519);
    // It is the key of log.key, not of the collector key.
    let log_key =
        trust_collector::keys::load_or_create_file(&dir.path().join(log::KEY_FILE), "log").unwrap();
    let signer = trust_tlog::sign::NoteSigner::new(
        "reviews.example/base/log",
        &trust_collector::keys::seed_of(&log_key),
    )
    .unwrap();
    assert_eq!(signer.vkey(), vkey);
    let collector = trust_collector::keys::load_or_create(dir.path()).unwrap();
    assert_ne!(
        trust_collector::keys::seed_of(&collector),
        trust_collector::keys::seed_of(&log_key)
    );
    // A witness prints its cosignature key (type 0x04) from its own directory.
    let wdir = dir.path().join("w");
    let wkey = run(&[
        "witness",
        "--name",
        "witness.example/w1",
        "--data-dir",
        wdir.to_str().unwrap(),
        "--print-key",
    ]);
    let wkey = trust_tlog::VerifierKey::parse(&wkey).unwrap();
    assert_eq!(
        (wkey.name(), wkey.kind()),
        ("witness.example/w1", trust_tlog::SigType::Cosignature)
    );
}
