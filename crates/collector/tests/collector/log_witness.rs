//! `trust-collector witness` (c2sp.org/tlog-witness): the collector gathers its
//! cosignature over HTTP and serves the cosigned checkpoint (checked by
//! aics-tlog with a quorum of 1); the witness refuses a forked or rolled-back
//! log and hostile bodies with the specification's statuses, and a refusal
//! changes nothing it stored.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;
use trust_collector::log::{self, Log};
use trust_collector::witness::{self, Witness};
use trust_tlog::sign::{checkpoint_text, consistency_proof, NoteSigner, RightEdge, Tiles};
use trust_tlog::{leaf_hash, Hash};

use crate::aics;
use crate::log_tiles::{append_and_sequence, leaves, serve_http};
use crate::support::TestApp;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A witness on a real socket: (its URL, its verifier key, its router, its dir).
async fn start_witness(logs: &[String]) -> (String, String, axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let w = Arc::new(Witness::open(dir.path(), "witness.test/w1", logs).unwrap());
    let vkey = w.cosigner.vkey();
    let router = witness::router(w);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let r = router.clone();
    tokio::spawn(async move { axum::serve(listener, r).await.unwrap() });
    (url, vkey, router, dir)
}

/// A log of `n` leaves someone controls: its tiles, root and signed checkpoint.
fn forged(signer: &NoteSigner, salt: u8, n: u64) -> (Tiles, Hash, String) {
    let hashes: Vec<Hash> = (0..n)
        .map(|i| leaf_hash(&[salt, i as u8, (i >> 8) as u8]))
        .collect();
    let mut edge = RightEdge::new();
    let mut tiles = Tiles::new();
    for t in edge.append(&hashes) {
        let h = trust_tlog::tile::tile_hashes(&t.id, &t.data).unwrap();
        tiles.insert(t.id.level.unwrap(), t.id.index, h);
    }
    let root = edge.root();
    let note = signer.sign(&checkpoint_text(signer.name(), n, &root));
    (tiles, root, note)
}

fn body(old: u64, proof: &[Hash], note: &str) -> String {
    let mut b = format!("old {old}\n");
    for h in proof {
        b.push_str(&B64.encode(h));
        b.push('\n');
    }
    format!("{b}\n{note}")
}

async fn post(router: &axum::Router, body: impl Into<Body>) -> (StatusCode, String, String) {
    let req = Request::post("/add-checkpoint").body(body.into()).unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, ct, String::from_utf8_lossy(&bytes).into_owned())
}

async fn stored(router: &axum::Router, origin: &str) -> String {
    let path = format!("/{}/checkpoint", witness::origin_hash(origin));
    let res = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8_lossy(&bytes).into_owned()
}

both!(
    the_collector_serves_a_checkpoint_a_witness_cosigned,
    |app: TestApp| async move {
        let (wurl, wkey, router, _wdir) = start_witness(&[app.state.log.vkey()]).await;
        let key =
            trust_collector::keys::load_or_create_file(&app.dir.path().join(log::KEY_FILE), "log")
                .unwrap();
        let witnesses = vec![trust_collector::config::Witness {
            url: wurl,
            key: wkey.clone(),
        }];
        let mut state = app.state.clone();
        state.log = Arc::new(Log::new(&state.config.public_url, &key, witnesses).unwrap());

        let all = leaves(0, 15);
        let cp10 = append_and_sequence(&app, &all[..10]).await;
        let served = log::gather(&state, &cp10).await.unwrap();
        assert_eq!(served.matches('\u{2014}').count(), 2, "{served}");
        // The witness moves from 10 to 15 with the consistency proof the log sends.
        let cp15 = append_and_sequence(&app, &all[10..]).await;
        log::gather(&state, &cp15).await.unwrap();
        assert!(stored(&router, &state.log.origin)
            .await
            .starts_with("collector.test.example/log\n15\n"));

        let url = serve_http(&app).await;
        let request = json!({
            "url": url, "log_key": state.log.vkey(), "origin": state.log.origin,
            "witnesses": [wkey], "quorum": 1,
            "entries": all.iter().map(log::Leaf::entry).collect::<Vec<_>>(),
            "old": { "size": 10, "root": B64.encode(cp10.root) },
        });
        let summary = aics::check(&request)
            .await
            .unwrap_or_else(|e| panic!("aics-tlog: {e}"));
        assert_eq!(summary["cosignatures"], 1);

        // A fork signed with the log's own key (its holder rewrote history): the
        // witness refuses to cosign it, and still holds 15.
        let signer =
            NoteSigner::new(&state.log.origin, &trust_collector::keys::seed_of(&key)).unwrap();
        let (mut tiles, _, note) = forged(&signer, 7, 20);
        let proof = consistency_proof(&mut tiles, 15, 20).unwrap();
        let (status, _, _) = post(&router, body(15, &proof, &note)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, _, same_size) = forged(&signer, 7, 15);
        assert_eq!(
            post(&router, body(15, &[], &same_size)).await.0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert!(stored(&router, &state.log.origin)
            .await
            .starts_with("collector.test.example/log\n15\n"));
        // Without cosignatures from the witness, aics-tlog's quorum of 1 fails.
        sqlx::query("UPDATE log_checkpoints SET cosigned = NULL")
            .execute(&app.state.db.pool)
            .await
            .unwrap();
        assert!(aics::check(&request).await.unwrap_err().contains("refused"));
    }
);

#[tokio::test]
async fn hostile_bodies_get_the_specified_status_and_change_nothing() {
    let x = NoteSigner::new("log.test/x", &[5; 32]).unwrap();
    let y = NoteSigner::new("log.test/y", &[6; 32]).unwrap();
    let (_url, _, router, _dir) = start_witness(&[x.vkey(), y.vkey()]).await;
    let (_, root3, note3) = forged(&x, 1, 3);
    let (ok, _, cosig) = post(&router, body(0, &[], &note3)).await;
    assert_eq!(ok, StatusCode::OK, "{cosig}");
    assert!(cosig.starts_with("\u{2014} witness.test/w1 ") && cosig.ends_with('\n'));
    let before = stored(&router, "log.test/x").await;

    let (mut t5, _, note5) = forged(&x, 1, 5);
    let good = consistency_proof(&mut t5, 3, 5).unwrap();
    let other_key = NoteSigner::new("log.test/x", &[9; 32]).unwrap();
    let (_, _, by_other_key) = forged(&other_key, 1, 5);
    let stranger = NoteSigner::new("log.test/z", &[5; 32]).unwrap();
    let (_, _, unknown_log) = forged(&stranger, 1, 5);
    let tampered = note5.replacen("\n5\n", "\n6\n", 1);
    // The right key name and id, a signature byte flipped.
    let (head, sig) = note5.trim_end().rsplit_once(' ').unwrap();
    let mut raw = B64.decode(sig).unwrap();
    raw[10] ^= 1;
    let bad_sig = format!("{head} {}\n", B64.encode(raw));
    let (_, _, y_empty_wrong) = {
        let n = y.sign(&checkpoint_text("log.test/y", 0, &root3));
        ((), (), n)
    };
    let (_, _, y1) = forged(&y, 1, 1);
    let cases: Vec<(Vec<u8>, StatusCode)> = vec![
        (vec![0xff, 0xfe, b'\n'], StatusCode::BAD_REQUEST),
        (b"old 3\n".to_vec(), StatusCode::BAD_REQUEST),
        (body(3, &good, "").into_bytes(), StatusCode::BAD_REQUEST),
        (
            body(3, &good, &note5)
                .replace("old 3", "old 03")
                .into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            body(3, &good, &note5)
                .replace("old 3", "old -3")
                .into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            body(3, &vec![[1; 32]; 64], &note5).into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("old 3\nnot-base64!\n\n{note5}").into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            body(3, &good, &note5.replace('\n', "\r\n")).into_bytes(),
            StatusCode::BAD_REQUEST,
        ),
        (
            body(3, &good, &unknown_log).into_bytes(),
            StatusCode::NOT_FOUND,
        ),
        (
            body(3, &good, &by_other_key).into_bytes(),
            StatusCode::FORBIDDEN,
        ),
        (
            body(3, &good, &tampered).into_bytes(),
            StatusCode::FORBIDDEN,
        ),
        (body(3, &good, &bad_sig).into_bytes(), StatusCode::FORBIDDEN),
        (body(6, &good, &note5).into_bytes(), StatusCode::BAD_REQUEST),
        (
            body(3, &[[1; 32]], &note5).into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            body(3, &[], &note5).into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            body(0, &[], &y_empty_wrong).into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            body(0, &[[1; 32]], &y1).into_bytes(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![b'o'; witness::MAX_BODY + 1],
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    for (i, (b, want)) in cases.into_iter().enumerate() {
        let (status, _, text) = post(&router, b).await;
        assert_eq!(status, want, "case {i}: {text}");
        assert_eq!(
            stored(&router, "log.test/x").await,
            before,
            "case {i} changed the state"
        );
    }
    assert_eq!(stored(&router, "log.test/y").await, "not cosigned\n");
    // A stale old size: 409 with the size the witness holds, as text/x.tlog.size.
    let (status, ct, text) = post(&router, body(0, &[], &note5)).await;
    assert_eq!(
        (status, ct.as_str(), text.as_str()),
        (StatusCode::CONFLICT, "text/x.tlog.size", "3\n")
    );
    // And the honest growth 3 -> 5 is cosigned.
    assert_eq!(
        post(&router, body(3, &good, &note5)).await.0,
        StatusCode::OK
    );
    assert!(stored(&router, "log.test/x")
        .await
        .starts_with("log.test/x\n5\n"));
}

both!(
    publications_carry_the_cosigned_note_and_fresh_ones_daily,
    |app: TestApp| async move {
        let (wurl, wkey, _router, _wdir) = start_witness(&[app.state.log.vkey()]).await;
        let key =
            trust_collector::keys::load_or_create_file(&app.dir.path().join(log::KEY_FILE), "log")
                .unwrap();
        let witnesses = vec![trust_collector::config::Witness {
            url: wurl,
            key: wkey,
        }];
        let mut state = app.state.clone();
        state.log = Arc::new(Log::new(&state.config.public_url, &key, witnesses).unwrap());
        let b = app.brand("nw", "northwind.myshopify.com", 1).await;
        let now = trust_collector::db::now();
        for i in 0..3 {
            crate::support::signed::insert_review(
                &app.state.db,
                "nw",
                &format!("r{i}"),
                None,
                5,
                false,
                now - 10,
            )
            .await;
        }
        let p = trust_collector::publish::publish_brand(&state, &b, now)
            .await
            .unwrap()
            .unwrap();
        let note = |index_json: &str| {
            let rp: trust_manifest::ReviewPages = serde_json::from_str(index_json).unwrap();
            rp.checkpoint.unwrap()
        };
        let first = note(&p.index_json);
        assert_eq!(first.matches('\u{2014}').count(), 2, "{first}");
        let stored = || async {
            let json: String = sqlx::query_scalar("SELECT index_json FROM publications")
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
            note(&json)
        };
        assert_eq!(stored().await, first);
        // A day on, the log has not grown: the same checkpoint is cosigned again (a
        // later second, so another signature), and the publication carries it.
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        log::gather_latest(&state, now + 86_400).await.unwrap();
        let again = stored().await;
        assert_ne!(again, first);
        assert_eq!(again.split("\n\n").next(), first.split("\n\n").next());
        assert_eq!(again.matches('\u{2014}').count(), 2, "{again}");
    }
);
