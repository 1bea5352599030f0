//! The URL rules shared by the widget and `trustctl lint`: only plain `https://`
//! URLs are ever made navigable or loaded.

/// Whether a URL may be linked or loaded: `https://` followed by a host, no
/// whitespace or control characters anywhere, no credentials. Anything else
/// (`javascript:`, `data:`, `http:`, protocol-relative, padded or mixed tricks)
/// is shown as text or not at all.
pub fn is_safe_https(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    !authority.is_empty()
        && !authority.contains('@')
        && !authority.starts_with(['.', ':', '['])
        && url.len() <= 2048
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

/// Whether an image may be loaded: an https URL, or plain http on a loopback host
/// (local development and the demo, which browsers treat as secure contexts).
pub fn is_loadable_image(url: &str) -> bool {
    is_safe_https(url) || is_loopback_http(url)
}

/// The origin (`https://host[:port]`) of an https URL, or `None`. Plain http is
/// accepted only for loopback hosts, which browsers treat as secure contexts (local
/// development and the demo).
pub fn origin_of(url: &str) -> Option<&str> {
    let scheme = if is_safe_https(url) {
        "https://"
    } else if is_loopback_http(url) {
        "http://"
    } else {
        return None;
    };
    let rest = &url[scheme.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..(scheme.len() + end)])
}

fn is_loopback_http(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end]
        .rsplit_once(':')
        .map_or(&rest[..end], |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_https() {
        for ok in [
            "https://a.example",
            "https://a.example/x?y#z",
            "https://a.example:8443/",
        ] {
            assert!(is_safe_https(ok), "{ok}");
        }
        for bad in [
            "http://a.example",
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " https://a.example",
            "https://a.example/\nx",
            "//a.example",
            "data:text/html,x",
            "vbscript:x",
            "HTTPS://a.example",
            "https://user@a.example",
            "https:///a.example",
            "https://",
            "https:\\\\a.example",
        ] {
            assert!(!is_safe_https(bad), "{bad:?}");
        }
    }

    #[test]
    fn images() {
        assert!(is_loadable_image("https://cdn.example/a.jpg"));
        assert!(is_loadable_image("http://127.0.0.1:8080/media/a.svg"));
        assert!(!is_loadable_image("http://cdn.example/a.jpg"));
        assert!(!is_loadable_image("data:image/png;base64,AAAA"));
        assert!(!is_loadable_image("http://localhost.evil.example/a.jpg"));
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://shop.example/p?q"),
            Some("https://shop.example")
        );
        assert_eq!(
            origin_of("https://shop.example:8080"),
            Some("https://shop.example:8080")
        );
        assert_eq!(origin_of("http://shop.example"), None);
        assert_eq!(
            origin_of("http://127.0.0.1:8080/x"),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(origin_of("http://127.0.0.1.evil.example/"), None);
    }
}
