//! The page URL template a brand signs (`review_pages.page_url`): which templates
//! are allowed, and where page `n`'s number goes.

/// A relative URL, or an https one, with exactly one `{n}`, and none of the
/// characters that make URLs mean different things to different readers.
pub fn is_page_url_template(t: &str) -> bool {
    let Some((head, tail)) = split_template(t) else {
        return false;
    };
    let filled = alloc::format!("{head}0{tail}");
    split_template(tail).is_none()
        && !t.starts_with("//")
        && !t
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
        && match filled.split_once(':') {
            // A colon before any slash is a scheme: only https.
            Some((scheme, _)) if !scheme.contains('/') => crate::url::is_safe_https(&filled),
            _ => filled.len() <= 2048,
        }
}

/// The text before and after the first `{n}` (a byte scan: no substring searcher
/// in the widget's wasm for one three-byte needle).
pub(crate) fn split_template(t: &str) -> Option<(&str, &str)> {
    let at = t.as_bytes().windows(3).position(|w| w == b"{n}")?;
    Some((&t[..at], &t[at + 3..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_templates() {
        for ok in [
            "pages/{n}.json",
            "/reviews/p-{n}.json",
            "https://cdn.example/r/{n}.json",
            "./{n}.json?v=2",
        ] {
            assert!(is_page_url_template(ok), "{ok}");
        }
        for bad in [
            "pages.json",
            "{n}/{n}.json",
            "//evil.example/{n}.json",
            "http://cdn.example/{n}.json",
            "javascript:{n}",
            "data:application/json,{n}",
            "pages /{n}.json",
            "pages\\{n}.json",
        ] {
            assert!(!is_page_url_template(bad), "{bad}");
        }
    }
}
