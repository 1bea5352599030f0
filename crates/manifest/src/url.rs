//! The URL rules shared by the widget, `trustctl render` and `trustctl lint`: what
//! may be linked, loaded as an image, named as an origin or fetched.
//!
//! Every rule starts from the same reading of the URL (`parse`): a lower-case
//! `https://` or `http://` scheme, an authority without user information (in
//! `http://localhost:80@evil.example/` the host is `evil.example`), a host a
//! browser reads the same way (`url/host.rs`), no whitespace, control characters
//! or backslashes anywhere, at most 2,048 bytes. On top of that:
//!
//! - links and remote images: `https://` on a host *name* only: never `localhost`
//!   and never an IP address, in any spelling (an address can be on the shopper's
//!   own machine or network: loopback, private, link-local, CGNAT, unique-local),
//!   so signed content cannot make shoppers' browsers send requests into their own
//!   networks;
//! - the one exception, for local development and the demo: an image from the
//!   page's own origin when that page is itself served from loopback
//!   (`local_origin`); a shop's public page has none, so there it never applies.

mod host;

pub use host::Reach;

/// Why a URL is not linked or loaded (`refusal`), for tools that explain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not an absolute `http(s)://` URL a browser reads as written (another
    /// scheme, whitespace, backslashes, a malformed or non-ASCII host, too long).
    Syntax,
    /// User information before the host (`user@host`), which hides the real host.
    Userinfo,
    /// Plain `http://` on a host that is not the page's own loopback origin.
    NotHttps,
    /// A host on the shopper's own machine (`localhost`, `127.0.0.1`, `[::1]`).
    Loopback,
    /// A host given as an IP address (any range, any spelling): it may be on the
    /// shopper's own network.
    Address,
}

struct Parsed<'a> {
    https: bool,
    /// `scheme://authority`, without path, query or fragment.
    origin: &'a str,
    reach: Reach,
}

fn parse(url: &str) -> Result<Parsed<'_>, Refusal> {
    let (https, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => return Err(Refusal::Syntax),
    };
    if url.len() > 2048
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Err(Refusal::Syntax);
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err(Refusal::Userinfo);
    }
    // The port is what follows the host's last colon (after `]` for IPv6).
    let host_end = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => i,
        _ => authority.len(),
    };
    let (host, port) = authority.split_at(host_end);
    let port = port.strip_prefix(':').unwrap_or_default();
    if !port.bytes().all(|c| c.is_ascii_digit())
        || (!port.is_empty() && port.parse::<u32>().map_or(true, |p| p > 65_535))
    {
        return Err(Refusal::Syntax);
    }
    let reach = host::reach(host).ok_or(Refusal::Syntax)?;
    let origin = &url[..url.len() - rest.len() + end];
    Ok(Parsed {
        https,
        origin,
        reach,
    })
}

/// Why `url` may not be a link (`image == false`) or an image on a page whose
/// loopback origin is `local_origin` (`None` on every public page), or `None`
/// when it may.
pub fn refusal(url: &str, image: bool, local_origin: Option<&str>) -> Option<Refusal> {
    let p = match parse(url) {
        Ok(p) => p,
        Err(r) => return Some(r),
    };
    if image
        && p.reach == Reach::Loopback
        && local_origin.is_some_and(|o| o.eq_ignore_ascii_case(p.origin))
    {
        return None;
    }
    match p.reach {
        Reach::Loopback => Some(Refusal::Loopback),
        Reach::Address => Some(Refusal::Address),
        Reach::Public if !p.https => Some(Refusal::NotHttps),
        Reach::Public => None,
    }
}

/// Whether a URL may be linked (or fetched as a review page from another
/// origin): `https://` on a host name, nothing else. Anything else
/// (`javascript:`, `data:`, `http:`, credentials, `localhost`, IP addresses,
/// padded or mixed tricks) is shown as text or not at all.
pub fn is_safe_https(url: &str) -> bool {
    refusal(url, false, None).is_none()
}

/// Whether an image may be loaded on a page whose loopback origin is
/// `local_origin` (see `local_origin`; `None` on a shop's public page): an image
/// that may be linked, or one from the page's own loopback origin.
pub fn is_loadable_image(url: &str, local_origin: Option<&str>) -> bool {
    refusal(url, true, local_origin).is_none()
}

/// The page's origin when the page is served from loopback (local development,
/// the demo, tests), else `None`: the only pages that show images from
/// themselves over plain http.
pub fn local_origin(page_origin: &str) -> Option<&str> {
    parse(page_origin)
        .ok()
        .filter(|p| p.reach == Reach::Loopback && p.origin == page_origin)
        .map(|p| p.origin)
}

/// The origin (`https://host[:port]`) of an https URL on any host, or of a plain
/// http URL on loopback (browsers treat those as secure contexts: local
/// development and the demo), or `None`.
pub fn origin_of(url: &str) -> Option<&str> {
    parse(url)
        .ok()
        .filter(|p| p.https || p.reach == Reach::Loopback)
        .map(|p| p.origin)
}

/// Whether the widget may fetch a manifest, key set or trust list from `url`
/// (absolute, after resolving against the page): what `origin_of` admits, so
/// `https://` anywhere or `http://` on loopback, never with user information.
pub fn is_fetchable(url: &str) -> bool {
    origin_of(url).is_some()
}

#[cfg(test)]
mod tests;
