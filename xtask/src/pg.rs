//! A throwaway PostgreSQL cluster for the collector-loop step: `initdb` in a
//! temporary directory under /tmp, `pg_ctl` on 127.0.0.1 and a free port (socket in
//! the same directory), stopped and removed when dropped. `initdb` refuses to run
//! as root, so as root the cluster belongs to the `postgres` user that Debian's
//! package creates. (The collector's own tests have the same in
//! crates/collector/tests/collector/support/pg.rs, on sqlx, which the xtask does not link.)

use std::{
    fs,
    path::PathBuf,
    process::{Command, Stdio},
};

use anyhow::{bail, Context, Result};

use crate::{ensure, output};

pub struct Cluster {
    /// `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, loopback).
    pub url: String,
    dir: PathBuf,
    pg_ctl: PathBuf,
    as_postgres: bool,
}

impl Cluster {
    pub fn start() -> Result<Cluster> {
        ensure::postgresql()?;
        let bin = fs::read_dir("/usr/lib/postgresql")?
            .flatten()
            .map(|d| d.path().join("bin"))
            .filter(|b| b.join("initdb").exists())
            .max()
            .context("no initdb under /usr/lib/postgresql")?;
        let as_postgres = output(Command::new("id").arg("-u")).as_deref() == Some("0");
        let dir = PathBuf::from(format!("/tmp/xtask-pg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("data"))?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let cluster = Cluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir: dir.clone(),
            pg_ctl: bin.join("pg_ctl"),
            as_postgres,
        };
        if as_postgres {
            cluster.sh(
                &format!("chown -R postgres:postgres '{}'", dir.display()),
                false,
            )?;
        }
        cluster.sh(
            &format!(
                "'{}' -D '{}/data' -U postgres -A trust -E UTF8 --no-sync",
                bin.join("initdb").display(),
                dir.display()
            ),
            true,
        )?;
        cluster.sh(
            &format!(
                "'{}' -D '{d}/data' -l '{d}/log' -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p {port} -k {d} -c fsync=off\" start",
                cluster.pg_ctl.display(),
                d = dir.display()
            ),
            true,
        )?;
        Ok(cluster)
    }

    /// Runs a shell command line, as the cluster's owner when `owner`.
    fn sh(&self, line: &str, owner: bool) -> Result<()> {
        let mut cmd = if owner && self.as_postgres {
            let mut c = Command::new("su");
            c.args(["postgres", "-s", "/bin/sh", "-c", line]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", line]);
            c
        };
        let out = cmd.stdin(Stdio::null()).output()?;
        if !out.status.success() {
            bail!(
                "`{line}` failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stop = format!(
            "'{}' -D '{}/data' -m fast stop",
            self.pg_ctl.display(),
            self.dir.display()
        );
        let _ = self.sh(&stop, true);
        let _ = fs::remove_dir_all(&self.dir);
    }
}
