//! The database: one `sqlx::AnyPool` over SQLite (the embedded default) or
//! PostgreSQL, with the same migrations and the same queries on both.
//!
//! Portability rules every query in the crate follows (so one test suite run twice
//! proves both backends): placeholders `$1, $2, …` (SQLite reads them too), times as
//! BIGINT Unix seconds, flags as BIGINT 0/1, ids chosen by the application, upserts as
//! `ON CONFLICT … DO NOTHING / DO UPDATE`, no SUM (PostgreSQL returns NUMERIC), and
//! nothing backend-specific outside a `match db.backend()`.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

/// Which database the URL named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The pool and what is behind it (queries that must differ, such as row locking
/// with `FOR UPDATE SKIP LOCKED`, match on `backend`).
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// SQLite has one writer: write transactions queue here, in process, instead of
    /// in SQLite's busy handler, which retries by sleeping (1, 2, 5, … ms) and so
    /// turned 16 concurrent webhooks into waits (see `writer`).
    write_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Connects and applies every pending migration (a fresh SQLite file is created).
    pub async fn open(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            bail!(
                "database URL must start with sqlite: or postgres:// (got {})",
                redact(url)
            );
        };
        if backend == Backend::Sqlite {
            if let Some(parent) = sqlite_path(url).and_then(|p| p.parent().map(Path::to_path_buf)) {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(&parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
            }
        }
        let options = AnyConnectOptions::from_str(url)
            .with_context(|| format!("bad database URL {}", redact(url)))?
            .log_statements(tracing::log::LevelFilter::Trace);
        let pool = AnyPoolOptions::new()
            // SQLite has one writer: a small pool and a busy timeout make writers wait
            // instead of failing with SQLITE_BUSY.
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to {}", redact(url)))?;
        MIGRATOR
            .run(&pool)
            .await
            .context("applying the collector's migrations")?;
        Ok(Db {
            pool,
            backend,
            write_lock: Default::default(),
        })
    }

    /// Held around a write transaction: on SQLite, one at a time in this process (the
    /// database allows one writer anyway); on PostgreSQL, nothing (row locks suffice).
    pub async fn writer(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_lock.lock().await),
            Backend::Postgres => None,
        }
    }
}

/// The file of a `sqlite://path?…` URL (None for in-memory databases).
pub fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}

/// The URL without its password, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Now, as the Unix seconds every table stores.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_logged() {
        assert_eq!(
            redact("postgres://collector:s3cret@db:5432/c"),
            "postgres://collector:***@db:5432/c"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://d/c.sqlite?mode=rwc"),
            Some("d/c.sqlite".into())
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
