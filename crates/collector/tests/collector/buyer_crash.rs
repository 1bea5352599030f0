//! Exactly once, with the real binary: SIGKILL while invitations are being sent,
//! restart, every invitation arrives once; two instances against one PostgreSQL send
//! each invitation once. The SMTP server answers each message slowly (after it has
//! accepted it), so kills land while the sender waits for the server's reply: the
//! moment a sender that marks "sent" after the reply would send again.

use crate::buyer;
use crate::pg;
use crate::smtp;

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use smtp::{Options, SmtpServer};
use tokio::process::{Child, Command};

const ORDERS: usize = 60;

/// Stores `ORDERS` fulfilled orders (one product each) and their invitations.
async fn seed(db_url: &str, dir: &Path) {
    let data = dir.display().to_string();
    let e = buyer::env(
        Some(db_url),
        Some("smtp://127.0.0.1:1"),
        &[("TRUST_COLLECTOR_DATA_DIR", &data)],
    )
    .await;
    e.brand("acme", "acme.myshopify.com").await;
    for i in 0..ORDERS {
        e.order(
            "acme",
            &format!("o{i}"),
            &format!("buyer{i}@example.com"),
            "en",
            "US",
            &[("p", "Tent")],
        )
        .await;
    }
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
            .await,
        ORDERS as i64
    );
    e.state.db.pool.close().await;
}

fn spawn(db_url: &str, dir: &Path, smtp: &SmtpServer) -> Child {
    Command::new(env!("CARGO_BIN_EXE_trust-collector"))
        .arg("serve")
        .env("TRUST_COLLECTOR_LISTEN", "127.0.0.1:0")
        .env("TRUST_COLLECTOR_DATA_DIR", dir)
        .env("TRUST_COLLECTOR_DATABASE_URL", db_url)
        .env("TRUST_COLLECTOR_SMTP_URL", smtp.url())
        .env("TRUST_COLLECTOR_INVITE_AFTER", "0s")
        .env("TRUST_COLLECTOR_REMIND_AFTER", "off")
        // A crashed instance's claims are free again after 2 s.
        .env("TRUST_COLLECTOR_OUTBOX_LEASE", "2s")
        .env("TRUST_COLLECTOR_PUBLIC_URL", "http://collector.test")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the trust-collector binary")
}

/// Waits until `n` messages arrived, or panics after `limit` (a hang, not a timing check).
async fn until(smtp: &SmtpServer, n: usize, limit: Duration) {
    let start = Instant::now();
    while smtp.received().len() < n {
        assert!(
            start.elapsed() < limit,
            "only {} of {n} messages arrived",
            smtp.received().len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn per_recipient(smtp: &SmtpServer) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for r in smtp.received() {
        *m.entry(r.to[0].clone()).or_insert(0) += 1;
    }
    m
}

async fn assert_each_once(smtp: &SmtpServer, db_url: &str, dir: &Path) {
    // Longer than a lease: a duplicate would have had its chance.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let counts = per_recipient(smtp);
    assert_eq!(counts.len(), ORDERS, "every invitation arrived");
    let twice: Vec<_> = counts.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    let data = dir.display().to_string();
    let e = buyer::env(Some(db_url), None, &[("TRUST_COLLECTOR_DATA_DIR", &data)]).await;
    assert_eq!(
        e.scalar("SELECT COUNT(*) FROM outbox WHERE state = 'sent'")
            .await,
        ORDERS as i64
    );
}

async fn kill_while_sending(db_url: String) {
    let dir = tempfile::tempdir().unwrap();
    seed(&db_url, dir.path()).await;
    let smtp = SmtpServer::start(Options {
        delay_after_data: Some(Duration::from_millis(40)),
        ..Default::default()
    })
    .await;
    // Two kills, at a third and at two thirds of the batch.
    for stop_at in [ORDERS / 3, 2 * ORDERS / 3] {
        let mut child = spawn(&db_url, dir.path(), &smtp);
        until(&smtp, stop_at, Duration::from_secs(120)).await;
        child.start_kill().unwrap(); // SIGKILL
        child.wait().await.unwrap();
    }
    let mut child = spawn(&db_url, dir.path(), &smtp);
    until(&smtp, ORDERS, Duration::from_secs(120)).await;
    assert_each_once(&smtp, &db_url, dir.path()).await;
    child.start_kill().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_while_sending_then_restart_sends_each_invitation_once_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::sqlite_url(dir.path());
    kill_while_sending(url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_while_sending_then_restart_sends_each_invitation_once_postgres() {
    kill_while_sending(pg::fresh_database().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_send_each_invitation_once() {
    let db_url = pg::fresh_database().await;
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    seed(&db_url, a.path()).await;
    // Both instances share the collector key (as a deployment must: links and
    // signatures come from it) and nothing else.
    std::fs::copy(
        a.path().join("collector.key"),
        b.path().join("collector.key"),
    )
    .unwrap();
    let smtp = SmtpServer::start(Options {
        delay_after_data: Some(Duration::from_millis(20)),
        ..Default::default()
    })
    .await;
    let mut one = spawn(&db_url, a.path(), &smtp);
    let mut two = spawn(&db_url, b.path(), &smtp);
    until(&smtp, ORDERS, Duration::from_secs(120)).await;
    assert_each_once(&smtp, &db_url, a.path()).await;
    let _ = (one.start_kill(), two.start_kill());
    // Which instance sent what (informative: both normally take part).
    let data = a.path().display().to_string();
    let e = buyer::env(Some(&db_url), None, &[("TRUST_COLLECTOR_DATA_DIR", &data)]).await;
    let senders = e
        .scalar("SELECT COUNT(DISTINCT locked_by) FROM outbox")
        .await;
    eprintln!("{ORDERS} invitations sent by {senders} instance(s)");
}

/// The log (issue 15): `trust-collector publish` killed with SIGKILL at varying
/// moments while new reviews keep arriving; after every kill the database holds
/// either the publication and the leaves of its reviews, or neither. (Were the
/// leaves committed apart from the publication, a kill between the two would
/// leave the log ahead of the statement that names it.)
async fn kill_while_publishing(db_url: String) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let e = buyer::env(Some(&db_url), None, &[("TRUST_COLLECTOR_DATA_DIR", &data)]).await;
    e.brand("acme", "acme.myshopify.com").await;
    let (mut committed, mut lost) = (0, 0);
    // How long one publication takes here (measured by the last uninterrupted
    // run; it only spreads the kills over a run, nothing is asserted on it).
    let mut span = Duration::from_millis(400);
    for round in 0..12u64 {
        for i in 0..40 {
            let id = format!("r{round:02}-{i:02}");
            crate::signed::insert_review(
                &e.state.db,
                "acme",
                &id,
                Some("p"),
                1 + (i % 5),
                false,
                1_000 + i,
            )
            .await;
        }
        let before = e.scalar("SELECT size FROM log_head").await;
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_trust-collector"))
            .args(["publish", "--brand", "acme", "--out"])
            .arg(dir.path().join("out"))
            .env("TRUST_COLLECTOR_DATA_DIR", dir.path())
            .env("TRUST_COLLECTOR_DATABASE_URL", &db_url)
            .env("TRUST_COLLECTOR_PUBLIC_URL", "http://collector.test")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        // Odd rounds run to completion; even ones are killed at a point that
        // moves from start-up through the transaction to its end.
        if round % 2 == 0 {
            tokio::time::sleep(span.mul_f64(0.2 + round as f64 / 10.0)).await;
            let _ = child.start_kill();
            child.wait().await.unwrap();
        } else {
            assert!(child.wait().await.unwrap().success());
            span = started.elapsed();
        }
        let size = e.scalar("SELECT size FROM log_head").await;
        let integrated = e.scalar("SELECT integrated FROM log_head").await;
        let entries = e.scalar("SELECT COUNT(*) FROM log_entries").await;
        let logged = e
            .scalar("SELECT COUNT(DISTINCT review_id) FROM log_entries WHERE kind = 'review'")
            .await;
        assert_eq!((size, integrated), (entries, entries), "round {round}");
        let (published, log_size) = publication(&e).await;
        assert_eq!(published, logged, "round {round}: reviews served vs logged");
        assert_eq!(
            log_size, size,
            "round {round}: the statement names the log's head"
        );
        if size == before {
            lost += 1;
        } else {
            committed += 1;
        }
    }
    assert_eq!(e.scalar("SELECT size FROM log_head").await, 12 * 40);
    eprintln!("publications killed before commit: {lost}, committed: {committed}");
}

/// The stored publication's review count and the log size its statement names
/// (0, 0 before the first).
async fn publication(e: &buyer::Env) -> (i64, i64) {
    use base64::Engine;
    use sqlx::Row;
    let row =
        sqlx::query("SELECT review_count, index_json FROM publications WHERE brand_id = 'acme'")
            .fetch_optional(&e.state.db.pool)
            .await
            .unwrap();
    let Some(row) = row else { return (0, 0) };
    let index: trust_manifest::ReviewPages =
        serde_json::from_str(&row.try_get::<String, _>("index_json").unwrap()).unwrap();
    let payload = base64::engine::general_purpose::STANDARD
        .decode(&index.attestation.payload)
        .unwrap();
    let statement: trust_manifest::Statement = serde_json::from_slice(&payload).unwrap();
    (
        row.try_get("review_count").unwrap(),
        statement.log.unwrap().size as i64,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_while_publishing_never_parts_a_publication_from_its_leaves_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::support::sqlite_url(dir.path());
    kill_while_publishing(url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_while_publishing_never_parts_a_publication_from_its_leaves_postgres() {
    kill_while_publishing(pg::fresh_database().await).await;
}
