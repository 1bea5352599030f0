//! Orders from platforms: `POST /webhooks/shopify` and `POST /webhooks/generic`.
//! (Being filled in.)

use axum::Router;

use crate::serve::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
