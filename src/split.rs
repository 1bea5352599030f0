//! The views a summary does not need, in a wasm chunk of their own (issue 17):
//! a summary view loads only the main wasm; any other view first loads the chunk
//! holding its body (`trust_views::view_body`), started with the manifest's fetch
//! so that it is usually there by the time the manifest has verified.
//!
//! With the `split` feature (the storefront build), `view_body` is reached only
//! through the split point below, so `cargo xtask build` moves it and everything
//! only it uses into the chunk (wasm_split_cli_support); the loader checks the
//! chunk's integrity like every other file's. A chunk that does not load fails
//! the widget with `load-failed`, as the main wasm would. Without the feature the
//! body is linked in and this does nothing.

use trust_views::{View, WidgetError};

#[cfg(all(feature = "split", target_arch = "wasm32"))]
#[wasm_split_helpers::wasm_split(views, fallible)]
fn views_body() -> Result<trust_views::ViewBody, wasm_split_helpers::SplitLoaderError> {
    Ok(trust_views::view_body)
}

/// Makes `view` renderable: loads and installs the views' body unless the view
/// is the summary or the body is there. Safe to call again while a load is under
/// way (it joins it) and after a failure (it tries again).
pub async fn prepare(view: View) -> Result<(), WidgetError> {
    if view == View::Summary || trust_views::view_body_installed() {
        return Ok(());
    }
    #[cfg(all(feature = "split", target_arch = "wasm32"))]
    {
        let body = views_body()
            .await
            .map_err(|_| WidgetError::new("load-failed", "the views' wasm chunk did not load"))?;
        trust_views::install_view_body(body);
    }
    Ok(())
}
