//! Orders in: what webhooks and the CSV import store, and the retention rule.
//! (Being filled in: ingest, CSV import, retention sweep.)

use crate::serve::{sleep_or_stop, AppState};

/// Deletes buyer emails whose invitation window has closed, hourly.
pub async fn retention_loop(state: AppState) {
    let mut stop = state.shutdown.clone();
    while !sleep_or_stop(&mut stop, 3600).await {}
}
