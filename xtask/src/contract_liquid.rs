//! The Shopify theme app extension's settings from the options table: each block's
//! `{% schema %}` (pkg-config/shopify/blocks/*.liquid). The markup around it stays
//! hand-written; the generator checks that it writes the `data-` attribute of every
//! option a setting feeds, and that every `t:` key the schema names is in the
//! default locale.

use std::fmt::Write;

use anyhow::{ensure, Context, Result};

use crate::contract::{Liquid, Table, Type};
use crate::root;

const BLOCKS: &str = "pkg-config/shopify/blocks";
const LOCALE: &str = "pkg-config/shopify/locales/en.default.schema.json";

/// One block file: where, its schema JSON, and the view it shows (app blocks).
pub struct Block {
    pub path: String,
    pub schema: String,
    view: Option<String>,
}

pub fn schemas(t: &Table) -> Result<Vec<Block>> {
    let strings = Strings::load()?;
    let mut out = vec![Block {
        path: format!("{BLOCKS}/trust-embed.liquid"),
        schema: schema(t, &strings, "t:embed.name", "body", None, None, |l| {
            l.block == "embed"
        })?,
        view: None,
    }];
    for (view, value) in t.view_blocks() {
        let block = value.shopify_block.as_deref().unwrap_or_default();
        let available = value
            .available_if
            .as_ref()
            .map(|m| format!("{{{{ app.metafields.trust_widget.{m} }}}}"));
        let info = format!("blocks.{view}.info");
        out.push(Block {
            path: format!("{BLOCKS}/{block}.liquid"),
            schema: schema(
                t,
                &strings,
                &format!("t:blocks.{view}.name"),
                "section",
                available.as_deref(),
                Some(&info),
                |l| l.block == "views" || l.block == view,
            )?,
            view: Some(view.to_string()),
        });
    }
    Ok(out)
}

/// The `t:` keys of the theme editor, checked against the default locale.
struct Strings(serde_json::Value);

impl Strings {
    fn load() -> Result<Strings> {
        let text = std::fs::read_to_string(root().join(LOCALE))
            .with_context(|| format!("reading {LOCALE}"))?;
        Ok(Strings(
            serde_json::from_str(&text).with_context(|| format!("reading {LOCALE}"))?,
        ))
    }

    /// The English text of `key`, when it is there.
    fn text(&self, key: &str) -> Option<&str> {
        key.split('.')
            .try_fold(&self.0, |v, part| v.get(part))
            .and_then(|v| v.as_str())
    }

    fn has(&self, key: &str) -> bool {
        self.text(key).is_some()
    }

    fn key(&self, key: &str) -> Result<String> {
        ensure!(
            self.has(key),
            "{LOCALE} has no string `{key}`, which the options table names"
        );
        Ok(format!("t:{key}"))
    }
}

fn schema(
    t: &Table,
    strings: &Strings,
    name: &str,
    target: &str,
    available_if: Option<&str>,
    info: Option<&str>,
    pick: impl Fn(&Liquid) -> bool,
) -> Result<String> {
    strings.key(name.trim_start_matches("t:"))?;
    let mut s = format!(
        "{{\n  \"name\": {},\n  \"target\": {},\n",
        q(name),
        q(target)
    );
    if let Some(a) = available_if {
        let _ = writeln!(s, "  \"available_if\": {},", q(a));
    }
    let mut settings = Vec::new();
    if let Some(info) = info {
        settings.push(format!(
            "      \"type\": \"paragraph\",\n      \"content\": {}",
            q(&strings.key(info)?)
        ));
    }
    for l in t.liquid.iter().filter(|l| pick(l)) {
        if let Some(header) = &l.header {
            settings.push(format!(
                "      \"type\": \"header\",\n      \"content\": {}",
                q(&strings.key(header)?)
            ));
        }
        settings.push(setting(t, strings, l)?);
    }
    let settings: Vec<String> = settings
        .iter()
        .map(|body| format!("    {{\n{body}\n    }}"))
        .collect();
    let _ = write!(s, "  \"settings\": [\n{}\n  ]\n}}\n", settings.join(",\n"));
    Ok(s)
}

/// One setting's fields, in the order Shopify documents them.
fn setting(t: &Table, strings: &Strings, l: &Liquid) -> Result<String> {
    let mut fields = vec![
        ("type", q(&l.ty)),
        ("id", q(&l.id)),
        ("label", q(&strings.key(&format!("{}.label", l.strings))?)),
    ];
    let info = format!("{}.info", l.strings);
    if strings.has(&info) {
        fields.push(("info", q(&format!("t:{info}"))));
    }
    if let Some(p) = &l.placeholder {
        fields.push(("placeholder", q(p)));
    }
    let option = l.option.as_deref().map(|k| t.get(k)).transpose()?;
    match l.ty.as_str() {
        "select" => {
            let o = option.context("a select lists an option's values")?;
            ensure!(
                o.ty == Type::Enum,
                "liquid `{}`: a select of a non-enum option",
                l.id
            );
            let names = l
                .inherit
                .then_some("inherit")
                .into_iter()
                .chain(o.values.iter().map(|v| v.name.as_str()));
            let mut options = Vec::new();
            for v in names {
                let label = strings.key(&format!("{}.options.{v}", l.strings))?;
                options.push(format!(
                    "        {{ \"value\": {}, \"label\": {} }}",
                    q(v),
                    q(&label)
                ));
            }
            fields.push(("options", format!("[\n{}\n      ]", options.join(",\n"))));
            let default = if l.inherit {
                "inherit"
            } else {
                o.default.as_deref().unwrap_or_default()
            };
            fields.push(("default", q(default)));
        }
        "checkbox" => {
            let o = option.context("a checkbox sets an option")?;
            ensure!(
                o.ty == Type::Flag,
                "liquid `{}`: a checkbox of a non-flag option",
                l.id
            );
            fields.push((
                "default",
                (o.default.as_deref() == Some("true")).to_string(),
            ));
        }
        _ => {
            if let Some(d) = &l.default {
                fields.push(("default", q(d)));
            }
        }
    }
    let lines: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("      \"{k}\": {v}"))
        .collect();
    Ok(lines.join(",\n"))
}

/// A JSON string.
fn q(s: &str) -> String {
    serde_json::Value::String(s.into()).to_string()
}

/// The block file `current` with its `{% schema %}` body replaced, after checking
/// that the markup writes its view and the `data-` attribute of each option the
/// block's settings feed.
pub fn splice_schema(t: &Table, block: &Block, current: &str) -> Result<String> {
    let (path, schema) = (&block.path, &block.schema);
    const BEGIN: &str = "{% schema %}\n";
    const END: &str = "{% endschema %}";
    let start = current
        .find(BEGIN)
        .with_context(|| format!("{path}: no `{{% schema %}}`"))?
        + BEGIN.len();
    let stop = start
        + current[start..]
            .find(END)
            .with_context(|| format!("{path}: no `{{% endschema %}}`"))?;
    let markup = &current[..start];
    let parsed: serde_json::Value =
        serde_json::from_str(schema).context("the generated schema is not JSON")?;
    if let Some(view) = &block.view {
        let attr = format!("data-view=\"{view}\"");
        ensure!(
            markup.contains(&attr),
            "{path}: the markup writes no {attr}"
        );
    }
    for id in parsed["settings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str())
    {
        let fed = t
            .liquid
            .iter()
            .filter(|l| l.id == id)
            .find_map(|l| l.option.as_deref());
        if let Some(key) = fed {
            let attr = format!("data-{}=", t.get(key)?.attr());
            ensure!(
                markup.contains(&attr),
                "{path}: the setting `{id}` feeds `{key}`, but the markup writes no {attr}"
            );
        }
    }
    Ok(format!("{}{}{}", markup, schema, &current[stop..]))
}

/// pkg-config/shopify/README.md's settings table: each setting, where it is, the
/// attribute it writes, its default and what the theme editor says about it.
pub fn readme(t: &Table) -> Result<String> {
    let strings = Strings::load()?;
    let mut s = String::from(
        "| Liquid setting | where | `data-` attribute | default | theme editor: label: info |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    for l in &t.liquid {
        let option = l.option.as_deref().map(|k| t.get(k)).transpose()?;
        let attr = option.map_or("script `src`".into(), |o| format!("`data-{}`", o.attr()));
        let place = match l.block.as_str() {
            "embed" => "embed".to_string(),
            "views" => "every view block".to_string(),
            view => format!("{view} block"),
        };
        let default = match (l.ty.as_str(), option) {
            ("select", _) if l.inherit => "`inherit` (the embed's)".to_string(),
            ("select", Some(o)) => format!("`{}`", o.default.as_deref().unwrap_or_default()),
            ("checkbox", Some(o)) if o.default.as_deref() == Some("true") => "on".into(),
            ("checkbox", _) => "off".into(),
            ("product", _) => "the page's product".into(),
            _ => l
                .default
                .as_ref()
                .map_or("empty".into(), |d| format!("`{d}`")),
        };
        let said = |part: &str| strings.text(&format!("{}.{part}", l.strings));
        let mut help = said("label").unwrap_or_default().to_string();
        if let Some(info) = said("info") {
            let _ = write!(help, ": {info}");
        }
        let _ = writeln!(s, "| `{}` | {place} | {attr} | {default} | {help} |", l.id);
    }
    Ok(s)
}
