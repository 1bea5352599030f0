//! The two choices an embed makes about how the views look: which view, which
//! theme. The shell reads them from the embed's options (`src/options.rs`), the
//! static render from `trustctl render`'s flags.

/// Which part of the trust story to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Rating and the top badges in one strip.
    Summary,
    Certifications,
    /// The review carousel with aggregate and histogram.
    Reviews,
    Returns,
    /// Every section, ordered by the market profile.
    Full,
}

impl View {
    pub fn parse(s: &str) -> Option<View> {
        Some(match s {
            "summary" => View::Summary,
            "certifications" => View::Certifications,
            "reviews" => View::Reviews,
            "returns" => View::Returns,
            "full" => View::Full,
            _ => return None,
        })
    }
}

/// Light or dark; `Auto` follows `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}
