use alloc::string::String;
use alloc::vec::Vec;

use super::*;
use crate::Date;

model! {
    /// Press coverage.
    pub struct MediaMention {
        /// Publication, e.g. "Outdoor Magazin".
        pub outlet: String,
        pub title: String,
        /// https URL of the article.
        pub url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub date: Option<Date>,
        #[serde(rename = "inLanguage", default, skip_serializing_if = "Option::is_none")]
        pub language: Option<String>,
    }

    /// A video that shows rather than claims.
    pub struct EvidenceMedia {
        pub kind: EvidenceKind,
        pub title: String,
        /// https URL of the video page or file; opened only when the shopper asks.
        pub video: String,
        /// https URL of a poster image.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub poster: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub recorded: Option<Date>,
        /// Length in seconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub duration_seconds: Option<u32>,
        /// Chapters (for live replays).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub chapters: Vec<Chapter>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub products: Vec<String>,
    }

    /// A chapter mark in a video.
    pub struct Chapter {
        /// Offset in seconds.
        pub at: u32,
        pub title: String,
    }

    /// Something the product is not good at, said plainly.
    pub struct Limitation {
        pub text: String,
        #[serde(rename = "inLanguage")]
        pub language: String,
        /// Product id; absent for brand-wide limits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub product: Option<String>,
    }
}

vocabulary! {
    /// What an evidence video shows.
    pub enum EvidenceKind {
        FactoryTour = "factory-tour",
        QualityCheck = "quality-check",
        LiveReplay = "live-replay",
        LabTest = "lab-test",
    }
}
