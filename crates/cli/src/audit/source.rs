//! Where the log is read from: an `http(s)://` prefix (ureq, 30 s per request,
//! each resource capped at what tlog-tiles allows it to be) or a local directory
//! (a mirror, or the fixtures of the tests).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result};

pub enum Source {
    Http { base: String, agent: ureq::Agent },
    Dir(PathBuf),
}

/// A tile is at most 256 hashes; an entry bundle at most 256 entries of 64 KiB.
pub const MAX_RESOURCE: u64 = 256 * (2 + 65_535);

impl Source {
    pub fn new(log: &str) -> Source {
        if log.starts_with("http://") || log.starts_with("https://") {
            let base = if log.ends_with('/') {
                log.to_owned()
            } else {
                format!("{log}/")
            };
            let agent = ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(30)))
                .http_status_as_error(false)
                .build()
                .into();
            Source::Http { base, agent }
        } else {
            Source::Dir(PathBuf::from(log))
        }
    }

    /// The resource at `path` (relative to the prefix); `None` when the log does
    /// not serve it (404, or no such file).
    pub fn get(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match self {
            Source::Dir(dir) => {
                let file = dir.join(path);
                match std::fs::read(&file) {
                    Ok(b) => Ok(Some(b)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e).with_context(|| format!("cannot read {}", file.display())),
                }
            }
            Source::Http { base, agent } => {
                let url = format!("{base}{path}");
                let mut response = agent
                    .get(&url)
                    .call()
                    .with_context(|| format!("cannot fetch {url}"))?;
                match response.status().as_u16() {
                    200 => {}
                    404 | 410 => return Ok(None),
                    s => anyhow::bail!("{url}: HTTP {s}"),
                }
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_RESOURCE)
                    .read_to_vec()
                    .with_context(|| format!("cannot read {url}"))?;
                Ok(Some(body))
            }
        }
    }

    pub fn must(&self, path: &str) -> Result<Vec<u8>> {
        self.get(path)?
            .with_context(|| format!("the log serves no {path}"))
    }
}
