//! The service as operators run it: the `trust-collector` binary's commands, the
//! SQLite online backup, and graceful shutdown (a request in flight completes).

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::TestApp;
use trust_collector::Config;

fn bin(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trust-collector"))
        .args(args)
        .env("TRUST_COLLECTOR_DATA_DIR", dir)
        .env_remove("TRUST_COLLECTOR_DATABASE_URL")
        .env(
            "TRUST_COLLECTOR_PUBLIC_URL",
            "https://collector.test.example",
        )
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        &[][..],
        &["serve"],
        &["key"],
        &["brand"],
        &["brand", "add"],
        &["brand", "list"],
        &["orders"],
        &["orders", "import"],
        &["publish"],
        &["backup"],
        &["retention"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = bin(dir.path(), &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("Usage: trust-collector"),
            "{args:?}"
        );
    }
}

#[test]
fn key_brand_import_publish_backup_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The key: created on first use, 0600, printed as ed25519:BASE64, stable.
    let out = bin(d, &["key", "--public"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let public = text(&out.stdout).trim().to_string();
    assert!(
        public.starts_with("ed25519:") && public.len() == 8 + 44,
        "{public}"
    );
    trust_manifest::PublicKey::parse(&public).unwrap();
    let mode = std::fs::metadata(d.join("collector.key"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(text(&bin(d, &["key", "--public"]).stdout).trim(), public);
    // The SQLite database was created and migrated in the data directory on first use.
    let root = trust_manifest::SecretKey::from_seed(&[1; 32])
        .public()
        .to_string();
    let add = [
        "brand",
        "add",
        "--id",
        "nw",
        "--name",
        "Northwind",
        "--root",
        &root,
    ];
    let out = bin(
        d,
        &[&add[..], &["--shop", "northwind.myshopify.com", "--json"]].concat(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "nw");
    let secret = v["webhook_secret"].as_str().unwrap();
    assert!(secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(d.join("collector.sqlite").exists());
    // The same id again, and a root that is not a key: exit status 2, clear message.
    let out = bin(d, &[&add[..], &["--shop", "other.myshopify.com"]].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already registered"),
        "{}",
        text(&out.stderr)
    );
    let bad = [
        "brand",
        "add",
        "--id",
        "x",
        "--name",
        "X",
        "--root",
        "ed25519:AAAA",
        "--shop",
        "x.example",
    ];
    assert_eq!(bin(d, &bad).status.code(), Some(2));
    // CSV import: bad rows on stderr with their line, exit status 1, good rows kept.
    let csv = d.join("orders.csv");
    std::fs::write(
        &csv,
        "order_id,email,locale,country,created_at,fulfilled_at,product_id,sku,title\n\
         1,a@example.com,en,US,,2026-11-01T00:00:00Z,tent,,\n\
         2,broken,en,US,,,tent,,\n",
    )
    .unwrap();
    let out = bin(
        d,
        &["orders", "import", "--brand", "nw", csv.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("orders.csv:3:"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("imported 1 rows into 1 orders"),
        "{}",
        text(&out.stdout)
    );
    // Publish with no reviews: a clear refusal.
    let out = bin(
        d,
        &[
            "publish",
            "--brand",
            "nw",
            "--out",
            d.join("pages").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no published reviews"),
        "{}",
        text(&out.stderr)
    );
    // Backup: a new file that opens and passes its integrity check; never overwrites.
    let copy = d.join("backups/c.sqlite");
    let out = bin(d, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        bin(d, &["backup", "--out", copy.to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = trust_collector::Db::open(&trust_collector::config::sqlite_url(&copy))
            .await
            .unwrap();
        let b = trust_collector::brands::by_id(&db, "nw")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(b.root, root);
        assert_eq!(trust_collector::orders::count(&db, "nw").await.unwrap(), 1);
    });
}

both!(backup_is_sqlite_only_and_opens, |app: TestApp| async move {
    app.brand("nw", "northwind.myshopify.com", 1).await;
    let out = app.dir.path().join("copy.sqlite");
    let r = trust_collector::backup::backup(&app.state.db, &out).await;
    match app.db {
        support::Db::Sqlite => {
            assert!(r.unwrap() > 0);
            trust_collector::backup::check(&out).await.unwrap();
        }
        support::Db::Postgres => {
            assert!(r.unwrap_err().to_string().contains("pg_dump"));
            assert!(!out.exists());
        }
    }
});

/// A request that started before shutdown still gets its answer, its order is
/// stored, and `run` returns only after that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_the_request_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let config = Config::load_with(None, |k| match k {
        "TRUST_COLLECTOR_DATA_DIR" => Some(d.display().to_string()),
        _ => None,
    })
    .unwrap();
    let url = config.database_url.clone();
    {
        let db = trust_collector::Db::open(&url).await.unwrap();
        trust_collector::brands::add(
            &db,
            trust_collector::brands::NewBrand {
                id: "g".into(),
                name: "G".into(),
                root: support::root_of(1),
                shop_domain: "g.example.com".into(),
                webhook_secret: Some(support::secret("g")),
            },
        )
        .await
        .unwrap();
        db.pool.close().await;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(trust_collector::serve::run(config, listener, async {
        let _ = stop_rx.await;
    }));
    // Health first (also waits until the service is up).
    let health = tokio::task::spawn_blocking(move || loop {
        if let Ok(mut s) = TcpStream::connect(addr) {
            s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
                .unwrap();
            let mut r = String::new();
            s.read_to_string(&mut r).unwrap();
            return r;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    })
    .await
    .unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    let body = br#"{"order_id":"in-flight","email":"a@example.com","items":[{"product_id":"p"}]}"#;
    let tag: String = trust_collector::webhooks::hmac_tag(&support::secret("g"), body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut s = TcpStream::connect(addr).unwrap();
    // `expect: 100-continue`: hyper answers "100 Continue" when the handler starts
    // reading the body, so we know (without timing) that the request is in flight.
    write!(
        s,
        "POST /webhooks/generic HTTP/1.1\r\nhost: x\r\nx-trust-brand: g\r\nx-trust-event-id: 1\r\n\
         x-trust-signature: sha256={tag}\r\ncontent-length: {}\r\nexpect: 100-continue\r\n\
         connection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut s = tokio::task::spawn_blocking(move || {
        let mut got = Vec::new();
        let mut byte = [0u8; 1];
        while !got.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            got.push(byte[0]);
        }
        assert!(
            got.starts_with(b"HTTP/1.1 100"),
            "{}",
            String::from_utf8_lossy(&got)
        );
        s
    })
    .await
    .unwrap();
    s.write_all(&body[..10]).unwrap();
    s.flush().unwrap();
    // The handler is reading the body: now shut down, then send the rest.
    stop_tx.send(()).unwrap();
    let answer = tokio::task::spawn_blocking(move || {
        s.write_all(&body[10..]).unwrap();
        let mut r = String::new();
        s.read_to_string(&mut r).unwrap();
        r
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"stored\""), "{answer}");
    server.await.unwrap().unwrap();
    assert!(
        TcpStream::connect(addr).is_err(),
        "the port is closed after shutdown"
    );
    let db = trust_collector::Db::open(&url).await.unwrap();
    assert!(trust_collector::orders::get(&db, "g", "in-flight")
        .await
        .unwrap()
        .is_some());
}

/// SIGTERM to the running binary: a clean exit with status 0.
#[test]
fn sigterm_stops_the_binary_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_trust-collector"))
        .arg("serve")
        .env("TRUST_COLLECTOR_DATA_DIR", dir.path())
        .env("TRUST_COLLECTOR_LISTEN", "127.0.0.1:0")
        .env("TRUST_COLLECTOR_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    // Wait for the structured "listening" line (JSON, one object per line).
    loop {
        line.clear();
        assert!(
            std::io::BufRead::read_line(&mut err, &mut line).unwrap() > 0,
            "exited early"
        );
        let v: Value = serde_json::from_str(&line).expect("a JSON log line");
        if v["fields"]["message"] == "collector listening" {
            break;
        }
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("\"stopped\""), "{rest}");
}
