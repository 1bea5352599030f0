//! The HTTP service: router, shared state, background loops, graceful shutdown.

use std::future::Future;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use tokio::sync::{watch, Notify};
use trust_manifest::SecretKey;

use crate::{Config, Db};

/// What every handler and background loop shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    /// The collector's signing key.
    pub key: Arc<SecretKey>,
    /// Wakes the publisher after a change (a review, a moderation decision).
    pub publish_wake: Arc<Notify>,
    /// Flips to true when the service is shutting down; loops watch it and stop.
    pub shutdown: watch::Receiver<bool>,
    /// Rate limits of the buyer's and the admin pages (c2, ratelimit.rs).
    pub limits: Arc<crate::ratelimit::Limits>,
    /// The public review log: its origin, key and witnesses (log/).
    pub log: Arc<crate::log::Log>,
}

impl AppState {
    /// Opens (and migrates) the database and loads (or creates) the key.
    pub async fn open(config: Config, shutdown: watch::Receiver<bool>) -> Result<AppState> {
        let key = crate::keys::load_or_create(&config.data_dir)?;
        let db = Db::open(&config.database_url).await?;
        let log_key =
            crate::keys::load_or_create_file(&config.data_dir.join(crate::log::KEY_FILE), "log")?;
        let log = crate::log::Log::new(&config.public_url, &log_key, config.witnesses.clone())?;
        Ok(AppState {
            log: Arc::new(log),
            config: Arc::new(config),
            db,
            key: Arc::new(key),
            publish_wake: Arc::new(Notify::new()),
            shutdown,
            limits: Arc::default(),
        })
    }

    /// Tells the publisher that `brand_id`'s published reviews changed.
    pub async fn changed(&self, brand_id: &str) -> Result<()> {
        crate::publish::mark_dirty(&self.db, brand_id).await?;
        self.publish_wake.notify_one();
        Ok(())
    }
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .merge(crate::webhooks::routes())
        .merge(crate::published::routes())
        .merge(crate::log::routes())
        // Buyer flow (c2).
        .merge(crate::form::routes())
        .merge(crate::photos::routes())
        .merge(crate::moderation::routes())
        .merge(crate::admin::routes())
        // Unknown paths and methods answer in the same JSON shape as every other refusal.
        .fallback(|| async { crate::error::ApiError::not_found("not-found", "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            crate::error::ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "this endpoint does not take that method",
            )
        })
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    // Healthy means the database answers, not merely that the process runs.
    match sqlx::query("SELECT 1").execute(&state.db.pool).await {
        Ok(_) => (StatusCode::OK, Json(serde_json::json!({ "status": "ok" }))),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "database-unavailable" })),
            )
        }
    }
}

/// One structured log line per request (method, path, status, time); never the body.
async fn log_request(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    tracing::info!(
        %method,
        path = %path,
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    res
}

/// Runs the service until `stop` resolves, then finishes the requests in flight,
/// stops the background loops and returns.
pub async fn run(
    config: Config,
    listener: tokio::net::TcpListener,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let (tx, rx) = watch::channel(false);
    let state = AppState::open(config, rx).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, public = %state.key.public(), backend = ?state.db.backend, "collector listening");

    let mut loops = tokio::task::JoinSet::new();
    loops.spawn(crate::publish::publisher_loop(state.clone()));
    loops.spawn(crate::orders::retention_loop(state.clone()));
    loops.spawn(crate::outbox::run(state.clone()));

    let app = router(state.clone());
    // With the peer address, for the buyer pages' per-IP rate limits.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            stop.await;
            tracing::info!("shutting down: finishing requests in flight");
            let _ = tx.send(true);
        })
        .await
        .context("serving HTTP")?;
    while let Some(r) = loops.join_next().await {
        if let Err(e) = r {
            tracing::warn!(error = %e, "a background loop ended abnormally");
        }
    }
    state.db.pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT). The handlers are installed here, before
/// the future is first polled, so a signal arriving while the service starts up (after
/// it logged "listening", before it polled this) is not the default "terminate now".
pub fn shutdown_signal() -> Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM received"),
            _ = int.recv() => tracing::info!("SIGINT received"),
        }
    })
}

/// Sleeps `secs` or until shutdown; true when the loop should stop.
pub async fn sleep_or_stop(shutdown: &mut watch::Receiver<bool>, secs: u64) -> bool {
    if *shutdown.borrow() {
        return true;
    }
    tokio::select! {
        _ = tokio::time::sleep(std::time::Duration::from_secs(secs)) => *shutdown.borrow(),
        _ = shutdown.changed() => true,
    }
}
