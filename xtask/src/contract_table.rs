//! The options table (`pkg-config/options.toml`) read into types, with every
//! field checked: an unknown field, a misspelt value or a default outside its
//! values is an error that names the place, so a typo never silently drops a
//! surface. Read by hand from `toml::Table` (xtask has no serde derive).

use std::fs;

use anyhow::{ensure, Context, Result};

use crate::contract_fields::Fields;
use crate::root;

/// The table, relative to the workspace root.
pub const TABLE: &str = "pkg-config/options.toml";

#[derive(Debug)]
pub struct Table {
    pub option: Vec<Opt>,
    pub liquid: Vec<Liquid>,
}

/// One option: its names on each surface, type, default and who may set it.
#[derive(Debug)]
pub struct Opt {
    /// The npm option key and element property (camelCase).
    pub key: String,
    pub ty: Type,
    pub required: bool,
    /// False: not an attribute of mount points and elements.
    pub element: bool,
    pub set_by: SetBy,
    pub yew: Option<String>,
    pub yew_note: Option<String>,
    pub render: Option<String>,
    pub liquid: Option<String>,
    pub default: Option<String>,
    pub default_note: Option<String>,
    pub values: Vec<Value>,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub meaning: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Url,
    Key,
    KeysAndUrls,
    Enum,
    Country,
    Language,
    Text,
    Flag,
    Milliseconds,
}

/// Issue 12's rule: what a mount point or `<trust-widget>` element may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetBy {
    /// Presentation: anyone.
    Anyone,
    /// A manifest on the origin of one the merchant names.
    ManifestOrigin,
    /// A key the merchant names (its `key` or `allow`).
    AllowedKey,
    /// Only the merchant's own value.
    Same,
    /// Never an element: the merchant's configuration only.
    Merchant,
}

/// One value of an enum option.
#[derive(Debug)]
pub struct Value {
    pub name: String,
    /// The Rust enum variant.
    pub rust: String,
    pub doc: Option<String>,
    /// Said after the value in the README.
    pub note: Option<String>,
    /// `view` only: the Shopify app block (blocks/<this>.liquid) showing this view.
    pub shopify_block: Option<String>,
    /// The app metafield (namespace `trust_widget`) that offers the block.
    pub available_if: Option<String>,
}

/// One setting of the Shopify theme app extension.
#[derive(Debug)]
pub struct Liquid {
    /// `embed`, `views` (every view's block) or one view's name.
    pub block: String,
    pub id: String,
    pub option: Option<String>,
    pub ty: String,
    /// Where the label (and info, option names) are in locales/*.schema.json.
    pub strings: String,
    pub inherit: bool,
    pub placeholder: Option<String>,
    pub default: Option<String>,
    /// A header before the setting (its `t:` key).
    pub header: Option<String>,
    /// A setting that is no option (the loader's URL): what it is, for the README.
    pub meaning: Option<String>,
}

impl Opt {
    /// The element attribute: the key in kebab-case (`showExpired` → `show-expired`).
    pub fn attr(&self) -> String {
        let mut out = String::new();
        for c in self.key.chars() {
            if c.is_ascii_uppercase() {
                out.push('-');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    /// A trust option: set by the merchant's configuration, named by elements at most.
    pub fn is_anchor(&self) -> bool {
        self.set_by != SetBy::Anyone
    }
}

impl Table {
    pub fn load() -> Result<Table> {
        let path = root().join(TABLE);
        let text = fs::read_to_string(&path).with_context(|| format!("reading {TABLE}"))?;
        Table::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Table> {
        let doc: toml::Table = text.parse().with_context(|| format!("reading {TABLE}"))?;
        let at = TABLE.to_string();
        let f = Fields::new(&doc, &at);
        let table = Table {
            option: f
                .tables("option")?
                .iter()
                .map(Opt::read)
                .collect::<Result<_>>()?,
            liquid: f
                .tables("liquid")?
                .iter()
                .map(Liquid::read)
                .collect::<Result<_>>()?,
        };
        f.done()?;
        table.check()?;
        Ok(table)
    }

    pub fn get(&self, key: &str) -> Result<&Opt> {
        self.option
            .iter()
            .find(|o| o.key == key)
            .with_context(|| format!("{TABLE}: no option `{key}`"))
    }

    /// The options of mount points and elements, in the table's order.
    pub fn element_options(&self) -> impl Iterator<Item = &Opt> {
        self.option.iter().filter(|o| o.element)
    }

    /// The table's own consistency, beyond each field's type.
    fn check(&self) -> Result<()> {
        let mut keys = std::collections::BTreeSet::new();
        for o in &self.option {
            let at = format!("{TABLE}: option `{}`", o.key);
            ensure!(keys.insert(&o.key), "{at} is there twice");
            ensure!(
                o.key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && o.key.chars().all(|c| c.is_ascii_alphanumeric()),
                "{at}: keys are camelCase"
            );
            ensure!(
                (o.ty == Type::Enum) != o.values.is_empty(),
                "{at}: an enum has `values`, nothing else has"
            );
            ensure!(
                (o.ty == Type::Milliseconds) == (o.min.is_some() && o.max.is_some()),
                "{at}: milliseconds have `min` and `max`, nothing else has"
            );
            if let (Some(min), Some(max)) = (o.min, o.max) {
                let default: u32 = o
                    .default
                    .as_deref()
                    .unwrap_or("")
                    .parse()
                    .with_context(|| format!("{at}: the default is a number of milliseconds"))?;
                ensure!(
                    min <= default && default <= max,
                    "{at}: default outside {min}..={max}"
                );
            }
            if o.ty == Type::Enum {
                let default = o.default.as_deref().unwrap_or("");
                ensure!(
                    o.values.iter().any(|v| v.name == default),
                    "{at}: the default {default:?} is not one of its values"
                );
            }
            ensure!(
                !(o.required && (o.default.is_some() || o.default_note.is_some())),
                "{at}: a required option has no default"
            );
            ensure!(
                o.element || o.set_by == SetBy::Merchant,
                "{at}: an option elements cannot carry is set by the merchant only"
            );
            ensure!(
                o.set_by != SetBy::Merchant || !o.element,
                "{at}: `set_by = \"merchant\"` needs `element = false`"
            );
        }
        for l in &self.liquid {
            let at = format!("{TABLE}: liquid setting `{}` ({})", l.id, l.block);
            match &l.option {
                Some(key) => {
                    let o = self.get(key).with_context(|| at.clone())?;
                    ensure!(
                        !l.inherit || o.ty == Type::Enum,
                        "{at}: only a select of an enum option can inherit"
                    );
                }
                None => ensure!(
                    l.meaning.is_some(),
                    "{at}: a setting that is no option says what it is (`meaning`)"
                ),
            }
            if !matches!(l.block.as_str(), "embed" | "views") {
                ensure!(
                    self.view_blocks().any(|(name, _)| name == l.block),
                    "{at}: no view block `{}`",
                    l.block
                );
            }
        }
        Ok(())
    }

    /// The views that have a Shopify block: (view name, block file stem).
    pub fn view_blocks(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.option
            .iter()
            .filter(|o| o.key == "view")
            .flat_map(|o| &o.values)
            .filter(|v| v.shopify_block.is_some())
            .map(|v| (v.name.as_str(), v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed table passes its own checks and names each surface of the
    /// options the embed has always had.
    #[test]
    fn the_table_reads() {
        let t = Table::load().unwrap();
        assert_eq!(t.get("showExpired").unwrap().attr(), "show-expired");
        assert!(t.get("manifest").unwrap().is_anchor());
        assert!(!t.get("view").unwrap().is_anchor());
        assert!(!t.get("allow").unwrap().element);
    }

    /// A typo in the table is an error, not a silently missing surface.
    #[test]
    fn a_mistaken_table_is_refused() {
        let good = fs::read_to_string(root().join(TABLE)).unwrap();
        for (from, to, says) in [
            (
                "set_by = \"anyone\"",
                "set_by = \"everyone\"",
                "unknown set_by",
            ),
            ("yew = \"view\"", "yewprop = \"view\"", "unknown field"),
            (
                "default = \"full\"",
                "default = \"fill\"",
                "not one of its values",
            ),
            ("default = \"8000\"", "default = \"800\"", "outside"),
            (
                "option = \"showExpired\"",
                "option = \"showexpired\"",
                "no option",
            ),
        ] {
            assert!(good.contains(from), "{from}");
            let err = Table::parse(&good.replacen(from, to, 1)).unwrap_err();
            assert!(format!("{err:#}").contains(says), "{from}: {err:#}");
        }
    }
}
