//! From options to a verified manifest (`Trust`): fetch (once per URL), find the keys,
//! verify, check the page's origin and the rollback memory. Nothing here renders;
//! the only value that leaves is verified.

use std::rc::Rc;

use trust_manifest::{
    verify_key_set_remembered, verify_manifest, BrandKeys, Limits, Origin, PublicKey, Timestamp,
    TrustList, TrustedKeys, VerifyOptions,
};
use trust_views::{Trust, WidgetError};

use crate::fetch::{absolute, fetch_once, origin};
use crate::options::Options;
use crate::review_pages::PageSource;
use crate::rollback_memory;

/// Largest key set or trust list accepted.
const SMALL_FILE: usize = 64 * 1024;

/// The current time from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Fetches and verifies the manifest the options name.
/// The verified manifest carries where it came from, so the views can have its
/// later review pages (`review_pages.rs`) without knowing any URL.
pub async fn load(options: &Options) -> Result<Trust, WidgetError> {
    let manifest_url = absolute(&options.manifest);
    let brand = brand_keys(options, &manifest_url).await?;
    let trust = match &options.attesters {
        Some(url) => TrustList::from_json(
            &fetch_once(&absolute(url), SMALL_FILE, options.timeout_ms).await?,
        )?,
        None => TrustList::empty(),
    };
    let limits = Limits::default();
    let bytes = fetch_once(&manifest_url, limits.envelope_bytes, options.timeout_ms).await?;
    // The body's last chunk arrived in this task: verify in a task of its own.
    crate::schedule::yield_to_page().await;
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    // Origin and rollback are checked inside verification (keyed by the brand's
    // roots and issuer), so nothing here can skip them.
    let verified = verify_manifest(
        &bytes,
        &VerifyOptions {
            brand: &brand.keys,
            trust: &trust,
            now: now(),
            origin: Origin::Page(&page),
            seen: &rollback_memory::last_sequence,
            limits,
        },
    )?;
    // A logged collector's checkpoint against the one this browser saw (tiles).
    let mut verified = verified;
    crate::log_check::check(&mut verified, options.timeout_ms).await;
    let issuer = &verified.issuer().id;
    rollback_memory::remember_sequence(issuer, verified.root(), verified.sequence());
    if let Some(set) = &brand.from_key_set {
        rollback_memory::remember_key_set(&origin(&manifest_url), issuer, &set.root, set.version);
    }
    let pages = PageSource {
        manifest_url,
        timeout_ms: options.timeout_ms,
    };
    Ok(Trust::new(Rc::new(verified)).with_pages(Rc::new(pages)))
}

/// The brand's keys, and the key set they came from when not pinned.
struct Brand {
    keys: BrandKeys,
    from_key_set: Option<TrustedKeys>,
}

/// The pinned key (its own root), else the key set published on the manifest's
/// origin: trusted on first use, then held to the root and version this browser
/// saw before (`verify_key_set_remembered`).
async fn brand_keys(options: &Options, manifest_url: &str) -> Result<Brand, WidgetError> {
    if let Some(key) = &options.key {
        let keys = BrandKeys::pinned(&[PublicKey::parse(key)?]).expect("one key");
        return Ok(Brand {
            keys,
            from_key_set: None,
        });
    }
    let site = origin(manifest_url);
    let keys_url = format!("{site}/.well-known/trust-keys.json");
    let fetched = fetch_once(&keys_url, SMALL_FILE, options.timeout_ms).await?;
    let set =
        verify_key_set_remembered(&fetched, &|issuer| rollback_memory::key_set(&site, issuer))?;
    Ok(Brand {
        keys: BrandKeys::from_key_set(&set),
        from_key_set: Some(set),
    })
}
