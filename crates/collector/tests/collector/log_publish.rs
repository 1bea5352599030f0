//! Publications commit to the log (issue 15.3): the review-pages statement names
//! the checkpoint, the page index carries its note, and each review in a page
//! file carries its leaf index and inclusion proof. The leaves are rebuilt here
//! from the served page text with the verify side's `review_leaf`, and the log,
//! the proofs and the log's growth are checked by aics-tlog. Both databases.

use base64::Engine;
use serde_json::json;
use trust_collector::{log, moderation, publish};
use trust_manifest::{Page, PageFile, ReviewPages, Statement};

use crate::aics;
use crate::log_tiles::serve_http;
use crate::support::{signed, TestApp};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A served review's leaf (rebuilt from the page) and its index.
type Served = (String, u64);

/// The statement, the checkpoint note and each served review's leaf and index;
/// each page's batch proof verified against the statement's checkpoint.
fn served(p: &publish::Publication, root: &str) -> (Statement, String, Vec<Served>) {
    let embed: ReviewPages = serde_json::from_str(&p.index_json).unwrap();
    let payload = B64.decode(&embed.attestation.payload).unwrap();
    let statement: Statement = serde_json::from_slice(&payload).unwrap();
    let head = statement.log.clone().unwrap();
    let log_root: trust_tlog::Hash = B64.decode(&head.root).unwrap().try_into().unwrap();
    let mut out = Vec::new();
    for text in &p.pages {
        let f: PageFile = serde_json::from_str(text).unwrap();
        let page: Page = serde_json::from_str(&f.page).unwrap();
        let l = f.log.unwrap();
        assert_eq!(l.indices.len(), page.reviews.len());
        let mut leaves = Vec::new();
        for (r, &index) in page.reviews.iter().zip(&l.indices) {
            // The review's exact bytes in the page text, as the widget hashes them.
            let bytes = serde_json::to_string(r).unwrap();
            assert!(f.page.contains(&bytes));
            let leaf = trust_manifest::review_leaf(root, &r.id, bytes.as_bytes());
            leaves.push((index, trust_tlog::leaf_hash(leaf.as_bytes())));
            out.push((leaf, index));
        }
        leaves.sort_unstable_by_key(|l| l.0);
        let proof: Vec<trust_tlog::Hash> = l
            .proof
            .iter()
            .map(|h| B64.decode(h).unwrap().try_into().unwrap())
            .collect();
        trust_tlog::proof::verify_batch_inclusion(head.size, &leaves, &proof, &log_root)
            .unwrap_or_else(|e| panic!("page {}: {e}", f.index));
    }
    (statement, embed.checkpoint.unwrap(), out)
}

/// Each served review's leaf with its inclusion proof one by one, for aics-tlog
/// (which has no batch proofs): that the leaf is in the log at its index.
async fn single_proofs(
    app: &TestApp,
    leaves: &[Served],
    size: u64,
) -> Vec<(String, u64, Vec<String>)> {
    let indices: Vec<u64> = leaves.iter().map(|l| l.1).collect();
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    let proofs = log::proofs(&mut conn, &indices, size).await.unwrap();
    leaves
        .iter()
        .zip(proofs)
        .map(|((leaf, i), p)| (leaf.clone(), *i, p.iter().map(|h| B64.encode(h)).collect()))
        .collect()
}

async fn entries(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT entry FROM log_entries ORDER BY idx")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

both!(
    a_publication_proves_each_review_in_the_log,
    |app: TestApp| async move {
        let b = app.brand("nw", "northwind.myshopify.com", 1).await;
        let now = trust_collector::db::now();
        for i in 0..25 {
            signed::insert_review(
                &app.state.db,
                "nw",
                &format!("r{i:02}"),
                Some("tent-2p"),
                1 + i % 5,
                false,
                now - 1000 + i,
            )
            .await;
        }
        let p1 = publish::publish_brand(&app.state, &b, now)
            .await
            .unwrap()
            .unwrap();
        let (statement, note, leaves) = served(&p1, &b.root);
        let head = statement.log.clone().unwrap();
        assert_eq!(
            (head.origin.as_str(), head.size),
            ("collector.test.example/log", 25)
        );
        assert!(
            note.starts_with(&format!(
                "collector.test.example/log\n25\n{}\n\n",
                head.root
            )),
            "{note}"
        );
        assert_eq!(leaves.len(), 25);
        // The log holds exactly the served reviews' leaves.
        let mut by_index = leaves.clone();
        by_index.sort_by_key(|l| l.1);
        assert_eq!(
            entries(&app).await,
            by_index.iter().map(|l| l.0.clone()).collect::<Vec<_>>()
        );

        let url = serve_http(&app).await;
        let check = |leaves: &[(String, u64, Vec<String>)],
                     all: Vec<String>,
                     old: serde_json::Value| {
            json!({
                "url": url, "log_key": app.state.log.vkey(), "origin": "collector.test.example/log",
                "entries": all, "old": old,
                "proofs": leaves.iter().map(|(leaf, i, p)| json!({"index": i, "leaf": leaf, "proof": p})).collect::<Vec<_>>(),
            })
        };
        aics::check(&check(
            &single_proofs(&app, &leaves, 25).await,
            entries(&app).await,
            serde_json::Value::Null,
        ))
        .await
        .unwrap_or_else(|e| panic!("aics-tlog: {e}"));

        // Publishing again with nothing changed appends nothing.
        publish::publish_brand(&app.state, &b, now + 1)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(entries(&app).await.len(), 25);

        // The brand's reply changes what is served: a new leaf for that review.
        assert!(moderation::reply(
            &app.state,
            "nw",
            "r03",
            "Thanks, a new pole is on its way.",
            "brand"
        )
        .await
        .unwrap());
        let p2 = publish::publish_brand(&app.state, &b, now + 2)
            .await
            .unwrap()
            .unwrap();
        let (s2, _, leaves2) = served(&p2, &b.root);
        assert_eq!(s2.log.unwrap().size, 26);
        let all = entries(&app).await;
        assert!(all[25].contains(r#""review":"r03""#));
        let old = json!({"size": 25, "root": head.root});
        aics::check(&check(&single_proofs(&app, &leaves2, 26).await, all, old))
            .await
            .unwrap_or_else(|e| panic!("aics-tlog: {e}"));

        // A removal is logged with its reason, and the review is no longer served.
        assert!(moderation::remove(
            &app.state,
            "nw",
            "r07",
            moderation::Reason::Abusive,
            "operator"
        )
        .await
        .unwrap());
        let p3 = publish::publish_brand(&app.state, &b, now + 3)
            .await
            .unwrap()
            .unwrap();
        let (s3, _, leaves3) = served(&p3, &b.root);
        let head3 = s3.log.unwrap();
        assert_eq!((head3.size, leaves3.len()), (27, 24));
        // The statement counts the brand's removals by reason, as the log has them.
        assert!(head.removals.is_empty());
        assert_eq!(removals(&head3), [("abusive", 1)]);
        assert_eq!(
            entries(&app).await[26],
            format!(
                r#"{{"t":"removal","brand":"{}","review":"r07","reason":"abusive"}}"#,
                b.root
            )
        );
        assert!(leaves3.iter().all(|l| !l.0.contains(r#""review":"r07""#)));
        let cp = log::latest_checkpoint(&app.state.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cp.size, 27);

        // Two more removals, one restored: the restored review's new leaf takes it
        // out of the counts (its latest leaf publishes it), as `trustctl audit` counts.
        for (id, why) in [
            ("r08", moderation::Reason::PersonalData),
            ("r09", moderation::Reason::Abusive),
        ] {
            assert!(moderation::remove(&app.state, "nw", id, why, "operator")
                .await
                .unwrap());
        }
        assert!(moderation::restore(&app.state, "nw", "r07", "operator")
            .await
            .unwrap());
        let p4 = publish::publish_brand(&app.state, &b, now + 4)
            .await
            .unwrap()
            .unwrap();
        let head4 = served(&p4, &b.root).0.log.unwrap();
        assert_eq!(head4.size, 30);
        assert_eq!(removals(&head4), [("abusive", 1), ("personal-data", 1)]);
    }
);

fn removals(head: &trust_manifest::LogHead) -> Vec<(&str, u64)> {
    head.removals
        .iter()
        .map(|c| (c.reason.as_str(), c.count))
        .collect()
}
