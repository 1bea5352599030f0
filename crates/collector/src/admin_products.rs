//! The admin page's product section: which of the order system's products are
//! mapped to the brand's manifest ids (products.rs), and which are not, so the
//! operator notices reviews that no product page will show.

use anyhow::Result;

use crate::admin_html::table;
use crate::html::escape as e;
use crate::serve::AppState;

/// Rows shown (unmapped first).
const ROWS: usize = 100;

pub async fn section(state: &AppState, brand_id: &str) -> Result<String> {
    let listed = crate::products::list(&state.db, brand_id).await?;
    let manifest = crate::products::manifest_products(&state.db, brand_id)
        .await?
        .len();
    let unmapped = listed.iter().filter(|l| l.id.is_none()).count();
    let mut rows = vec![];
    for l in listed.iter().take(ROWS) {
        let text = |v: &Option<String>| e(v.as_deref().unwrap_or("–"));
        rows.push(vec![
            e(&l.external),
            text(&l.title),
            text(&l.sku),
            l.reviews.to_string(),
            match &l.id {
                Some(id) => e(id),
                None => "<strong>unmapped</strong>".into(),
            },
            text(&l.matched_by),
        ]);
    }
    let status = if unmapped == 0 {
        format!("Every product is mapped ({} in all).", listed.len())
    } else {
        format!(
            "<strong>{unmapped} of {} products are unmapped</strong>: their reviews are \
             published under the order system's id, which no product page names, so the \
             widget shows them on no product page.",
            listed.len()
        )
    };
    let read = if manifest == 0 {
        "The brand's manifest has not been read yet.".to_string()
    } else {
        format!("The brand's manifest lists {manifest} products.")
    };
    let mut h = table(
        "Products",
        &[
            "Order system's id",
            "Title",
            "SKU",
            "Reviews",
            "Manifest product",
            "Matched by",
        ],
        rows,
    );
    h.push_str(&format!(
        "<p>{status} {read} Reviews are published under the product id of the brand's \
         manifest, which the widget matches to the page's product. Map products with \
         <code>trust-collector brand products --brand {b} --manifest trust-manifest.json</code> \
         (matches by SKU or GTIN of the line items, or by id or handle; products ordered \
         later are matched when publishing) or by hand with \
         <code>--set EXTERNAL=ID</code>. Changes re-publish.</p>",
        b = e(brand_id)
    ));
    Ok(h)
}
