//! `trust-collector witness`: an independent witness (c2sp.org/tlog-witness) with
//! its own key and state, for logs it is configured with. It cosigns a checkpoint
//! only when it is consistent with the last one it cosigned for that log, and it
//! persists the new one (written, synced, renamed) before answering, under one
//! lock per witness so two requests cannot roll its view back.

pub mod check;
pub mod cli;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use sha2::{Digest, Sha256};
use trust_tlog::sign::Cosigner;
use trust_tlog::{Checkpoint, Hash, Note, VerifierKey};

use check::Refusal;

/// The witness key's file in its data directory (0600, like the collector key).
pub const KEY_FILE: &str = "witness.key";
/// Largest request body: a note and 63 proof lines are a few KB.
pub const MAX_BODY: usize = 64 * 1024;

/// A witness: its cosigner, the logs it knows (origin → key) and its state.
pub struct Witness {
    pub cosigner: Cosigner,
    logs: HashMap<String, VerifierKey>,
    dir: PathBuf,
    lock: tokio::sync::Mutex<()>,
}

impl Witness {
    /// Opens (creating the key on first use) the witness in `data_dir`, named
    /// `name`, for the logs whose verifier keys are `logs` (their names are the
    /// origins).
    pub fn open(data_dir: &Path, name: &str, logs: &[String]) -> Result<Witness> {
        let key = crate::keys::load_or_create_file(&data_dir.join(KEY_FILE), "witness")?;
        let cosigner = Cosigner::new(name, &crate::keys::seed_of(&key))
            .with_context(|| format!("{name:?} is not a valid witness name"))?;
        let mut known = HashMap::new();
        for l in logs {
            let k = VerifierKey::parse(l).map_err(|e| anyhow::anyhow!("log key {l:?}: {e}"))?;
            if k.kind() != trust_tlog::SigType::Ed25519 {
                anyhow::bail!("log key {l:?} is not an Ed25519 (type 0x01) key");
            }
            known.insert(k.name().to_string(), k);
        }
        let dir = data_dir.join("logs");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Witness {
            cosigner,
            logs: known,
            dir,
            lock: Default::default(),
        })
    }

    fn state_path(&self, origin: &str) -> PathBuf {
        self.dir.join(format!("{}.checkpoint", origin_hash(origin)))
    }

    /// The last checkpoint cosigned for `origin` (note text as stored), if any.
    fn latest(&self, origin: &str) -> Result<Option<(String, u64, Hash)>> {
        let path = self.state_path(origin);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let note =
            Note::parse(text.as_bytes()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let cp = Checkpoint::parse(note.text())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(Some((text, cp.size, cp.root)))
    }

    /// Checks a request and, if it passes, persists and returns the cosignature line.
    pub async fn add_checkpoint(&self, body: &[u8], now: u64) -> Result<String, Refusal> {
        let req = check::parse(body)?;
        let key = self
            .logs
            .get(&req.checkpoint.origin)
            .ok_or(Refusal::UnknownLog)?;
        check::check_signature(&req, key)?;
        let _held = self.lock.lock().await;
        let latest = self
            .latest(&req.checkpoint.origin)
            .map_err(|e| Refusal::Unprocessable(format!("witness state: {e:#}")))?;
        check::check_consistency(&req, latest.map(|(_, s, r)| (s, r)))?;
        let line = self.cosigner.cosign_line(req.note.text(), now.max(1));
        let stored = format!("{}{line}", req.note_text);
        write_synced(&self.state_path(&req.checkpoint.origin), stored.as_bytes())
            .map_err(|e| Refusal::Unprocessable(format!("witness state: {e:#}")))?;
        Ok(line)
    }
}

/// Lower-case hex SHA-256 of the origin (the monitoring path's `<origin hash>`).
pub fn origin_hash(origin: &str) -> String {
    trust_manifest::hex(&Sha256::digest(origin.as_bytes()))
}

/// Writes a file so that a crash leaves the old or the new bytes, never a mix.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut f =
        std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// The witness's routes: `POST /add-checkpoint`, `GET /<origin hash>/checkpoint`.
pub fn router(w: Arc<Witness>) -> Router {
    Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .route("/{origin}/checkpoint", get(checkpoint))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(w)
}

fn text(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn add_checkpoint(State(w): State<Arc<Witness>>, body: Bytes) -> Response {
    let now = crate::db::now().max(0) as u64;
    match w.add_checkpoint(&body, now).await {
        Ok(line) => text(StatusCode::OK, "text/plain; charset=utf-8", line),
        Err(r) => {
            tracing::info!(refusal = ?r, "checkpoint refused");
            let plain = "text/plain; charset=utf-8";
            match r {
                Refusal::Conflict(size) => text(
                    StatusCode::CONFLICT,
                    "text/x.tlog.size",
                    format!("{size}\n"),
                ),
                Refusal::BadRequest(m) => text(StatusCode::BAD_REQUEST, plain, format!("{m}\n")),
                Refusal::UnknownLog => text(StatusCode::NOT_FOUND, plain, "unknown log\n".into()),
                Refusal::Forbidden(m) => text(StatusCode::FORBIDDEN, plain, format!("{m}\n")),
                Refusal::Unprocessable(m) => {
                    text(StatusCode::UNPROCESSABLE_ENTITY, plain, format!("{m}\n"))
                }
            }
        }
    }
}

async fn checkpoint(State(w): State<Arc<Witness>>, UrlPath(hash): UrlPath<String>) -> Response {
    let found = w
        .logs
        .keys()
        .find(|o| origin_hash(o) == hash)
        .and_then(|o| w.latest(o).ok().flatten());
    match found {
        Some((note, _, _)) => text(StatusCode::OK, "text/plain; charset=utf-8", note),
        None => text(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "not cosigned\n".into(),
        ),
    }
}

/// Runs the witness on `listener` until `stop` resolves.
pub async fn run(
    w: Arc<Witness>,
    listener: tokio::net::TcpListener,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    tracing::info!(addr = %listener.local_addr()?, key = %w.cosigner.vkey(), "witness listening");
    axum::serve(listener, router(w))
        .with_graceful_shutdown(stop)
        .await
        .context("serving the witness")
}
