//! The language packs `cargo xtask build` writes next to the JS glue: every UI
//! language but English (which the wasm carries), made by `trust-i18n-data` from
//! crates/views/i18n/, with the hashes the wasm checks a fetched pack against.

use anyhow::Result;
use sha2::{Digest, Sha256};

use crate::root;

/// Language packs by BCP 47 tag: each a JSON array of the language's UI strings in
/// the order of the views' table (both come from crates/views/i18n/ through
/// `trust-i18n-data`), which is how the widget reads them back (`i18n::parse_pack`).
pub struct Packs(Vec<(String, String)>);

impl Packs {
    /// (tag, pack JSON), English left out.
    pub fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    /// `tag:<SHA-256 hex>` of every pack, space-separated: what the wasm checks a
    /// fetched pack against (`TW_I18N_SHA256`, src/language_packs.rs).
    pub fn sha256_list(&self) -> String {
        let list: Vec<String> = self
            .0
            .iter()
            .map(|(tag, json)| format!("{tag}:{:x}", Sha256::digest(json.as_bytes())))
            .collect();
        list.join(" ")
    }

    /// Every tag and pack, for the content hash that names the packs' directory.
    pub fn concat_bytes(&self) -> Vec<u8> {
        self.0
            .iter()
            .flat_map(|(tag, json)| [tag.as_bytes(), b"\0", json.as_bytes(), b"\0"])
            .flatten()
            .copied()
            .collect()
    }
}

/// Every language file but English (compiled into the wasm) as a pack, made by
/// `trust-i18n-data` from crates/views/i18n/ after the same check the views' build
/// script runs: a pack lists the strings in the table's order, so it can never
/// shift a string.
pub fn language_packs() -> Result<Packs> {
    let dir = root().join("crates/views/i18n");
    let catalog = trust_i18n_data::Catalog::read_dir(&dir)
        .map_err(|e| anyhow::anyhow!("{}:\n{e}", dir.display()))?;
    let packs = catalog.languages.iter().filter(|l| l.tag != "en");
    Ok(Packs(packs.map(|l| (l.tag.clone(), l.pack())).collect()))
}

#[cfg(test)]
mod tests {
    /// Every language but English becomes a pack with every string of the table.
    #[test]
    fn language_packs_carry_every_string() {
        let packs = super::language_packs().unwrap();
        let tags: Vec<&str> = packs.0.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            tags,
            ["ar", "de", "es", "fr", "it", "ja", "ko", "zh-Hans", "zh-Hant"]
        );
        let dir = crate::root().join("crates/views/i18n");
        let n = trust_i18n_data::Catalog::read_dir(&dir).unwrap().keys.len();
        assert!(n > 100);
        for (tag, json) in &packs.0 {
            let list: Vec<String> = serde_json::from_str(json).unwrap();
            assert_eq!(list.len(), n, "{tag}");
        }
    }

    /// The wasm compares a fetched pack's SHA-256 as lower-case hex, byte by byte.
    #[test]
    fn pack_hashes_are_lower_case_hex_of_each_pack() {
        use sha2::{Digest, Sha256};
        let packs = super::Packs(vec![("de".into(), "[\"a\"]".into())]);
        let hex: String = Sha256::digest(b"[\"a\"]")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(packs.sha256_list(), format!("de:{hex}"));
    }
}
