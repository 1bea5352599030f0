//! `/log/checkpoint`, `/log/tile/<L>/<N>[.p/<W>]` and `/log/tile/entries/<N>[.p/<W>]`,
//! exactly as c2sp.org/tlog-tiles lays them out, so a static host or CDN could
//! serve a copy. Tiles and bundles never change once they exist (a full one is
//! cached for a year as immutable; a partial one for a day, since the log may
//! drop it once the full tile exists); the checkpoint changes, so it is cached
//! for seconds.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sqlx::Row;
use trust_tlog::sign::bundle;
use trust_tlog::TileId;

use crate::error::ApiError;
use crate::serve::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/tile/{*path}", get(tile))
}

async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let cp = super::latest_checkpoint(&state.db)
        .await?
        .ok_or_else(|| ApiError::not_found("no-checkpoint", "the log has no checkpoint yet"))?;
    Ok(respond(
        cp.served.into_bytes(),
        "text/plain; charset=utf-8",
        "public, max-age=5",
    ))
}

fn respond(body: Vec<u8>, content_type: &'static str, cache: &'static str) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // Any origin may read the log (auditors, widgets on any storefront).
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    r
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const PARTIAL: &str = "public, max-age=86400";

async fn tile(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let missing = || ApiError::not_found("no-such-tile", "no such tile in this log");
    // One spelling per tile: anything TileId::parse refuses is not a tile path.
    let id = TileId::parse(&format!("tile/{path}")).map_err(|_| missing())?;
    let mut conn = state.db.pool.acquire().await?;
    // What the latest checkpoint covers: nothing past it is served.
    let size: i64 = sqlx::query("SELECT integrated FROM log_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?
        .try_get("integrated")?;
    let size = size as u64;
    let width = u64::from(id.width);
    let cache = if id.is_partial() { PARTIAL } else { IMMUTABLE };
    match id.level {
        None => {
            let start = id.index.checked_mul(256).ok_or_else(missing)?;
            if start.checked_add(width).is_none_or(|end| end > size) {
                return Err(missing());
            }
            let entries = super::read::entries(&mut conn, start, width).await?;
            if entries.len() as u64 != width {
                return Err(ApiError::internal(
                    "entries missing below the integrated size",
                ));
            }
            let body = bundle(entries.iter().map(|e| e.as_bytes()));
            Ok(respond(body, "application/octet-stream", cache))
        }
        Some(level) => {
            let (stored, bytes) = super::read::tile(&mut conn, level, id.index)
                .await?
                .ok_or_else(missing)?;
            // A full tile only when full; a partial one as any prefix of what is
            // stored (the hashes of a tile never change, it only grows).
            if (!id.is_partial() && stored != 256) || u64::from(stored) < width {
                return Err(missing());
            }
            Ok(respond(
                bytes[..id.width as usize * 32].to_vec(),
                "application/octet-stream",
                cache,
            ))
        }
    }
}
