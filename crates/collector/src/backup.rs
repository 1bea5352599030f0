//! Online backup of the SQLite database: `VACUUM INTO` writes a consistent,
//! compacted copy while the service keeps serving (readers and the writer are not
//! blocked for longer than a read transaction). The copy is then opened and checked
//! with `PRAGMA integrity_check` before the command reports success.
//! PostgreSQL has its own tools (pg_dump, base backups); the command says so.

use std::path::Path;

use anyhow::{bail, Context, Result};
use sqlx::Row;

use crate::db::{Backend, Db};

/// Writes a copy of the database to `out` (which must not exist) and checks it.
/// Returns the copy's size in bytes.
pub async fn backup(db: &Db, out: &Path) -> Result<u64> {
    if db.backend != Backend::Sqlite {
        bail!("backup copies SQLite databases; for PostgreSQL use pg_dump or a base backup");
    }
    if out.exists() {
        bail!("{} already exists; choose a new file", out.display());
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let target = out
        .to_str()
        .context("the backup path must be valid UTF-8")?
        .to_string();
    sqlx::query("VACUUM INTO $1")
        .bind(&target)
        .execute(&db.pool)
        .await
        .with_context(|| format!("writing the backup to {}", out.display()))?;
    check(out).await?;
    Ok(std::fs::metadata(out)?.len())
}

/// Opens a SQLite file read-only and runs its integrity check.
pub async fn check(file: &Path) -> Result<()> {
    use sqlx::ConnectOptions;
    let url = format!("sqlite://{}?mode=ro", file.display());
    sqlx::any::install_default_drivers();
    let mut conn = url
        .parse::<sqlx::any::AnyConnectOptions>()?
        .connect()
        .await
        .with_context(|| format!("cannot open {}", file.display()))?;
    let result: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?
        .try_get(0)?;
    if result != "ok" {
        bail!("{} failed its integrity check: {result}", file.display());
    }
    Ok(())
}
