//! Serving what publish.rs stored, at `/v1/brands/{id}/…`:
//! - `review-pages.json` and `aggregate.json`: the current signed index and
//!   aggregate, cached briefly (they change with every review);
//! - `pages/{root}/page-{n}.json`: a page of one root, which can never change
//!   (the root is its hash): cached for a year, immutable;
//! - `page-{n}.json`: the current root's page, cached briefly (for brands that
//!   mirror the files under their own template).
//!
//! Widgets on the brand's domain fetch these cross-origin: every answer allows any
//! origin (the files are public and signed; there are no cookies to protect).

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sqlx::Row;

use crate::error::ApiError;
use crate::serve::AppState;

pub const SHORT_CACHE: &str = "public, max-age=300";
pub const IMMUTABLE_CACHE: &str = "public, max-age=31536000, immutable";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/brands/{id}/{file}", get(current))
        .route("/v1/brands/{id}/pages/{root}/{file}", get(rooted))
}

fn json(body: String, cache: &'static str) -> Response {
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `page-7.json` → 7.
fn page_number(file: &str) -> Option<i64> {
    let n = file.strip_prefix("page-")?.strip_suffix(".json")?;
    if n.is_empty() || n.len() > 12 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

fn nothing(id: &str) -> ApiError {
    ApiError::not_found(
        "not-published",
        format!("nothing is published for brand {id:?}"),
    )
}

async fn current(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let column = match file.as_str() {
        "review-pages.json" => "index_json",
        "aggregate.json" => "aggregate_json",
        _ => {
            let n = page_number(&file)
                .ok_or_else(|| ApiError::not_found("no-such-file", "no such file"))?;
            let row = sqlx::query(
                "SELECT g.body FROM publications p JOIN publication_pages g \
                 ON g.brand_id = p.brand_id AND g.root = p.root \
                 WHERE p.brand_id = $1 AND g.n = $2",
            )
            .bind(&id)
            .bind(n)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or_else(|| nothing(&id))?;
            return Ok(json(row.try_get("body")?, SHORT_CACHE));
        }
    };
    let row = sqlx::query(&format!(
        "SELECT {column} AS body FROM publications WHERE brand_id = $1"
    ))
    .bind(&id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| nothing(&id))?;
    Ok(json(row.try_get("body")?, SHORT_CACHE))
}

async fn rooted(
    State(state): State<AppState>,
    Path((id, root, file)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let n =
        page_number(&file).ok_or_else(|| ApiError::not_found("no-such-file", "no such file"))?;
    let row = sqlx::query(
        "SELECT body FROM publication_pages WHERE brand_id = $1 AND root = $2 AND n = $3",
    )
    .bind(&id)
    .bind(&root)
    .bind(n)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| nothing(&id))?;
    Ok(json(row.try_get("body")?, IMMUTABLE_CACHE))
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_numbers() {
        assert_eq!(super::page_number("page-0.json"), Some(0));
        assert_eq!(super::page_number("page-12.json"), Some(12));
        for bad in [
            "page-.json",
            "page--1.json",
            "page-1.jsonx",
            "page-１.json",
            "x",
        ] {
            assert_eq!(super::page_number(bad), None, "{bad}");
        }
    }
}
