//! The samples' photos live on fictional hosts; the demo serves stand-ins itself.

use std::{fs, path::PathBuf};

use anyhow::Result;

/// Rewrites image URLs (review photos, video posters) to stand-in SVGs served by
/// the demo, with their sha256, before anything is signed.
pub(super) struct Media {
    origin: String,
    dir: PathBuf,
    count: usize,
}

impl Media {
    /// Stand-ins written to `dir`, linked at `origin`.
    pub(super) fn new(origin: &str, dir: PathBuf) -> Result<Self> {
        fs::create_dir_all(&dir)?;
        Ok(Media {
            origin: origin.to_owned(),
            dir,
            count: 0,
        })
    }

    pub(super) fn localize(&mut self, v: &mut serde_json::Value) -> Result<()> {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Array(photos)) = map.get_mut("photos") {
                    for photo in photos {
                        let (url, sha) = self.stand_in()?;
                        photo["url"] = url.into();
                        photo["sha256"] = sha.into();
                    }
                }
                if map.get("poster").is_some_and(|p| p.is_string()) {
                    map.insert("poster".into(), self.stand_in()?.0.into());
                }
                for value in map.values_mut() {
                    self.localize(value)?;
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    self.localize(item)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A small landscape in one of a few palettes; returns its URL and sha256.
    fn stand_in(&mut self) -> Result<(String, String)> {
        const PALETTES: [(&str, &str, &str); 5] = [
            ("#dfe7dc", "#9fb79a", "#2f6b4f"),
            ("#efe6dc", "#d7c2a8", "#8a5a3c"),
            ("#e3e6ec", "#b7bfcc", "#3b414c"),
            ("#e6eef2", "#a9c6d3", "#2c5d73"),
            ("#f1e9e4", "#d9b9a9", "#7b4b3a"),
        ];
        self.count += 1;
        let (sky, hill, shape) = PALETTES[self.count % PALETTES.len()];
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 120\">\
             <rect width=\"160\" height=\"120\" fill=\"{sky}\"/>\
             <path d=\"M0 90 Q40 70 80 85 T160 80 V120 H0Z\" fill=\"{hill}\"/>\
             <path d=\"M40 92 L80 40 L120 92Z\" fill=\"{shape}\"/></svg>"
        );
        let name = format!("photo-{}.svg", self.count);
        fs::write(self.dir.join(&name), &svg)?;
        let sha = crate::sha2_hex(svg.as_bytes());
        Ok((format!("{}/media/{name}", self.origin), sha))
    }
}
