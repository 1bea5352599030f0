//! From options to a `VerifiedManifest`: fetch (once per URL), find the keys,
//! verify, check the page's origin and the rollback memory. Nothing here renders;
//! the only value that leaves is verified.

use std::rc::Rc;

use trust_manifest::{
    verify_key_set, verify_manifest, Limits, PublicKey, Timestamp, TrustList, VerifiedManifest,
    VerifyOptions,
};

use crate::error::WidgetError;
use crate::fetch::{absolute, fetch_once, origin};
use crate::options::Options;
use crate::store;

/// Largest key set or trust list accepted.
const SMALL_FILE: usize = 64 * 1024;

/// The current time from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Fetches and verifies the manifest the options name.
pub async fn load(options: &Options) -> Result<Rc<VerifiedManifest>, WidgetError> {
    let manifest_url = absolute(&options.manifest);
    let keys = brand_keys(options, &manifest_url).await?;
    let trust = match &options.attesters {
        Some(url) => TrustList::from_json(
            &fetch_once(&absolute(url), SMALL_FILE, options.timeout_ms).await?,
        )?,
        None => TrustList::empty(),
    };
    let limits = Limits::default();
    let bytes = fetch_once(&manifest_url, limits.envelope_bytes, options.timeout_ms).await?;
    let verify = VerifyOptions {
        keys: &keys,
        trust: &trust,
        now: now(),
        last_sequence: None,
        limits,
    };
    let verified = verify_manifest(&bytes, &verify)?;

    // Rollback: the issuer is known only once verified, so the remembered
    // sequence is compared here rather than passed in.
    let issuer = &verified.issuer().id;
    if let Some(seen) = store::last_sequence(issuer) {
        if verified.sequence() < seen {
            return Err(trust_manifest::Error::Rollback {
                found: verified.sequence(),
                seen,
            }
            .into());
        }
    }
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    if !verified.allows_origin(&page) {
        return Err(trust_manifest::Error::OriginNotAllowed(page).into());
    }
    store::remember_sequence(issuer, verified.sequence());
    crate::pages::remember(&verified, &manifest_url, options.timeout_ms);
    Ok(Rc::new(verified))
}

/// The pinned key, else the key set published on the manifest's origin.
async fn brand_keys(options: &Options, manifest_url: &str) -> Result<Vec<PublicKey>, WidgetError> {
    if let Some(key) = &options.key {
        return Ok(vec![PublicKey::parse(key)?]);
    }
    let keys_url = format!("{}/.well-known/trust-keys.json", origin(manifest_url));
    let fetched = fetch_once(&keys_url, SMALL_FILE, options.timeout_ms).await?;
    let set = verify_key_set(&fetched, None)?;
    Ok(set.keys)
}
