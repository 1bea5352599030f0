//! A real PostgreSQL for the tests: one throwaway cluster per test binary
//! (`initdb` in a temporary directory, `pg_ctl` on 127.0.0.1 and a free port, its
//! socket in the same directory), one fresh database per test.
//!
//! Debian's `postgresql` package is installed with apt-get when it is missing and
//! we are root (as `cargo xtask` installs Chromium); otherwise the tests fail with
//! the command to run. `initdb` refuses to run as root, so as root the cluster
//! belongs to the `postgres` user the package creates. `TRUST_COLLECTOR_TEST_PG`
//! (a `postgres://` URL of a server we may create databases on) skips all that.
//!
//! The cluster is stopped by a watchdog shell that waits for the test process to
//! exit (statics are never dropped, so no destructor could do it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

pub struct Cluster {
    /// `postgres://postgres@127.0.0.1:PORT` (trust authentication, loopback only).
    pub base: String,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

/// The URL of a new, empty database on the test cluster.
pub async fn fresh_database() -> String {
    let cluster = CLUSTER
        .get_or_init(|| {
            std::thread::spawn(start)
                .join()
                .expect("starting PostgreSQL panicked")
        })
        .as_ref()
        .unwrap_or_else(|e| panic!("PostgreSQL for the tests: {e}"));
    let name = format!(
        "t{}_{}",
        std::process::id(),
        NEXT_DB.fetch_add(1, Ordering::SeqCst)
    );
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{}/postgres", cluster.base))
        .await
        .expect("connecting to the test cluster");
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("CREATE DATABASE");
    format!("{}/{name}", cluster.base)
}

/// Debian's PostgreSQL binaries, newest version first.
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn install() -> Result<PathBuf, String> {
    if let Some(b) = bin_dir() {
        return Ok(b);
    }
    if !is_root() {
        return Err(
            "PostgreSQL is not installed; run `sudo apt-get update && sudo apt-get \
                    install -y postgresql` (or set TRUST_COLLECTOR_TEST_PG)"
                .into(),
        );
    }
    for args in [
        &["update"][..],
        &["install", "-y", "--no-install-recommends", "postgresql"],
    ] {
        let ok = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            return Err(format!("apt-get {} failed", args.join(" ")));
        }
    }
    bin_dir().ok_or_else(|| "postgresql installed but no initdb under /usr/lib/postgresql".into())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Runs `cmd` (a shell command line) as the cluster's owner.
fn as_owner(root: bool, cmd: &str) -> Command {
    if root {
        let mut c = Command::new("su");
        c.args(["postgres", "-s", "/bin/sh", "-c", cmd]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", cmd]);
        c
    }
}

fn run(mut c: Command, what: &str) -> Result<(), String> {
    let out = c
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(())
}

fn start() -> Result<Cluster, String> {
    if let Ok(url) = std::env::var("TRUST_COLLECTOR_TEST_PG") {
        return Ok(Cluster {
            base: url.trim_end_matches('/').to_string(),
        });
    }
    let bin = install()?;
    let root = is_root();
    // Under /tmp, which every user can traverse (a root-only temp dir would lock the
    // postgres user out of its own cluster).
    let dir = tempfile::Builder::new()
        .prefix("collector-pg-")
        .tempdir_in("/tmp")
        .map_err(|e| e.to_string())?
        .keep();
    let data = dir.join("data");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    if root {
        run(
            {
                let mut c = Command::new("chown");
                c.args(["-R", "postgres:postgres"]).arg(&dir);
                c
            },
            "chown",
        )?;
    }
    let q = |p: &Path| format!("'{}'", p.display());
    run(
        as_owner(
            root,
            &format!(
                "{} -D {} -U postgres -A trust -E UTF8 --no-sync --no-instructions",
                q(&bin.join("initdb")),
                q(&data)
            ),
        ),
        "initdb",
    )?;
    let port = free_port();
    let options = format!(
        "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=200",
        dir.display()
    );
    run(
        as_owner(
            root,
            &format!(
                "{} -D {} -l {} -o \"{options}\" -w -t 60 start",
                q(&bin.join("pg_ctl")),
                q(&data),
                q(&dir.join("log"))
            ),
        ),
        "pg_ctl start",
    )?;
    // Stop and remove the cluster when this test process exits. The watchdog runs as
    // us (only we may signal our own process), the stop as the cluster's owner.
    let stop = format!(
        "{} -D {} -m immediate stop",
        q(&bin.join("pg_ctl")),
        q(&data)
    );
    let stop = if root {
        format!("su postgres -s /bin/sh -c \"{stop}\"")
    } else {
        stop
    };
    // setsid: a Ctrl-C to the test run's process group must not kill the watchdog.
    Command::new("setsid")
        .args([
            "sh",
            "-c",
            &format!(
                "while kill -0 {} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {}",
                std::process::id(),
                q(&dir)
            ),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("watchdog: {e}"))?;
    Ok(Cluster {
        base: format!("postgres://postgres@127.0.0.1:{port}"),
    })
}
