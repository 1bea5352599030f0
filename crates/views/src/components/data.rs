//! What to show, decided from verified data and the shopper's context. Pure
//! functions: the components only lay the results out.

use trust_manifest::{profile_for, Certification, CertificationKind, Section};

use crate::context::{Ctx, Trust};

/// The product id the embed means. Embeds may name a product by id, sku or
/// handle; claims in the manifest use the id.
pub fn product_id(trust: &Trust, ctx: &Ctx) -> Option<String> {
    let key = ctx.product.as_ref()?;
    Some(
        trust
            .product(key)
            .map_or_else(|| key.clone(), |p| p.id.clone()),
    )
}

/// A product's display name, falling back to its id.
pub fn product_name(trust: &Trust, id: &str) -> String {
    trust
        .products()
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_owned(), |p| p.name.clone())
}

/// A certification chosen for display: its index in `trust.certifications()` and
/// whether it has expired (then it is shown only on request, and marked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertRef {
    pub index: usize,
    pub expired: bool,
}

/// Whether a certificate covers the product (an empty list means brand-wide).
fn covers(c: &Certification, product: Option<&str>) -> bool {
    match product {
        Some(p) => c.products.is_empty() || c.products.iter().any(|q| q == p),
        None => true,
    }
}

fn kind_rank(kinds: &[CertificationKind], kind: CertificationKind) -> usize {
    kinds.iter().position(|k| *k == kind).unwrap_or(kinds.len())
}

/// Certifications for this product and market: valid ones first, in the order
/// the market's shoppers weigh them; expired ones only when `with_expired`.
/// Never an unbacked sustainability label (EU 2024/825), and never one that is
/// not valid yet (it cannot honestly be called either valid or expired).
pub fn certifications(trust: &Trust, ctx: &Ctx, with_expired: bool) -> Vec<CertRef> {
    let today = ctx.now.date();
    let product = product_id(trust, ctx);
    let kinds = profile_for(&ctx.market).certification_kinds;
    let mut out: Vec<(CertRef, usize)> = trust
        .certifications()
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_unbacked_sustainability_label())
        .filter(|(_, c)| covers(c, product.as_deref()))
        .filter(|(_, c)| c.valid_from.is_none_or(|from| from <= today))
        .filter_map(|(index, c)| {
            let expired = !c.valid_on(today);
            (with_expired || !expired)
                .then_some((CertRef { index, expired }, kind_rank(kinds, c.kind)))
        })
        .collect();
    // Stable: equal ranks keep the brand's order.
    sort_small(&mut out, |(r, rank)| (r.expired, *rank));
    out.into_iter().map(|(r, _)| r).collect()
}

/// Sections of the full view for the market: the brand's override when it has
/// one, else the market profile's order.
pub fn sections(trust: &Trust, market: &str) -> Vec<Section> {
    trust
        .market_overrides()
        .iter()
        .find(|o| o.market.eq_ignore_ascii_case(market))
        .map(|o| o.sections.clone())
        .unwrap_or_else(|| profile_for(market).sections.to_vec())
}

/// Whether a claim scoped to `claim_product` belongs on this page: store-wide
/// claims always do; product claims only on their product's page or store-wide.
pub fn for_product(claim_product: Option<&str>, page_product: Option<&str>) -> bool {
    match (claim_product, page_product) {
        (Some(c), Some(p)) => c == p,
        _ => true,
    }
}

/// A stable sort by key for the short lists the views order (certificates, a
/// window of reviews, languages): an insertion sort, a fraction of the size of the
/// standard library's sort in the wasm, and as fast for a few dozen items.
pub fn sort_small<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The year of a date (UTC).
pub fn year(d: trust_manifest::Date) -> i64 {
    d.ymd().0
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_small_is_stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        super::sort_small(&mut v, |p| p.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }
}
