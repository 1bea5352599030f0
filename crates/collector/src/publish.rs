//! Publishing: review pages and aggregate signed by the collector key, bound to the
//! brand's root; served at /v1/brands/{id}/…. (Being filled in.)

use axum::Router;

use crate::db::{now, Db};
use crate::serve::{sleep_or_stop, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
}

/// Marks a brand's publication out of date.
pub async fn mark_dirty(db: &Db, brand_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE brands SET dirty_since = $1 WHERE id = $2 AND dirty_since IS NULL")
        .bind(now())
        .bind(brand_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Re-publishes dirty brands and brands whose statement nears expiry.
pub async fn publisher_loop(state: AppState) {
    let mut stop = state.shutdown.clone();
    while !sleep_or_stop(&mut stop, 60).await {}
}
