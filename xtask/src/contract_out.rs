//! The texts the options table generates for the embed core (JS), the npm
//! package's declarations (TypeScript), the README (Markdown) and the Rust crates;
//! `contract.rs` puts them in place. Each is a pure function of the table.

use std::fmt::Write;

use anyhow::{Context, Result};

use crate::contract::{Opt, SetBy, Table, Type, TABLE};

/// View and Theme: the views crate's, read by the shell and the static render.
pub const VIEW_THEME_RS: &str = "crates/views/src/view_theme.rs";
/// The shell's option constants (a submodule of `src/options.rs`).
pub const OPTIONS_RS: &str = "src/options/table.rs";

/// `www/embed.js`: the option lists the embed core and the loader read.
pub fn embed_js(t: &Table) -> String {
    let keys = |f: &dyn Fn(&Opt) -> bool| -> Vec<String> {
        t.element_options()
            .filter(|o| f(o))
            .map(|o| format!("\"{}\"", o.key))
            .collect()
    };
    let mut s =
        String::from("/** Option names as properties; attributes are their kebab-case forms. */\n");
    s += &js_array("export const OPTIONS = ", &keys(&|_| true));
    s += "/** The options only the merchant's configuration sets: the script tag's data-\n \
          *  attributes, `configure()` and `mount()` of the npm package. */\n";
    s += &js_array("export const ANCHORS = ", &keys(&Opt::is_anchor));
    s
}

/// `const X = [..];` wrapped at 100 columns, continuation lines indented by two.
fn js_array(head: &str, items: &[String]) -> String {
    let mut out = format!("{head}[");
    let mut line = out.len();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item}, ")
        } else {
            format!("{item}];")
        };
        if line + piece.trim_end().len() > 100 {
            out = out.trim_end().to_string() + "\n  ";
            line = 2;
        }
        line += piece.len();
        out += &piece;
    }
    out + "\n"
}

/// `pkg-config/npm/index.d.ts`: the options' types and the element's properties.
pub fn d_ts(t: &Table) -> String {
    let mut s = String::from(
        "/** Options of a widget; as attributes on <trust-widget> they are kebab-case. */\n\
         export interface TrustWidgetOptions {\n",
    );
    let field = |s: &mut String, o: &Opt| {
        let optional = if o.required { "" } else { "?" };
        s.push_str(&jsdoc(&ts_doc(o)));
        let _ = writeln!(s, "  {}{optional}: {};", o.key, ts_type(o));
    };
    for o in t.element_options() {
        field(&mut s, o);
    }
    s += "}\n\n/** The page's configuration: trust options, defaults for every element, and what elements may name. */\n\
          export interface TrustWidgetConfig extends Partial<TrustWidgetOptions> {\n";
    for o in t.option.iter().filter(|o| !o.element) {
        field(&mut s, o);
    }
    s += "}\n\n/** <trust-widget>: every option is also a property reflecting its attribute. */\n\
          export interface TrustWidgetElement extends HTMLElement {\n";
    for o in t.element_options() {
        let _ = writeln!(s, "  {}: string | null;", o.key);
    }
    s + "}\n"
}

/// A doc comment at two spaces' indent: one line if it fits in 100 columns, else
/// wrapped at word boundaries.
fn jsdoc(text: &str) -> String {
    if text.chars().count() + 9 <= 100 {
        return format!("  /** {text} */\n");
    }
    let mut out = String::from("  /**\n");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && 5 + line.chars().count() + 1 + word.chars().count() > 100 {
            let _ = writeln!(out, "   * {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "   * {line}");
    out + "   */\n"
}

fn ts_type(o: &Opt) -> String {
    match o.ty {
        Type::Enum => {
            let names: Vec<String> = o.values.iter().map(|v| format!("\"{}\"", v.name)).collect();
            names.join(" | ")
        }
        Type::Flag => "\"true\" | \"false\"".into(),
        _ => "string".into(),
    }
}

/// One sentence or three: the meaning, the values, the default and who may set it.
fn ts_doc(o: &Opt) -> String {
    let mut doc = capitalised(&o.meaning);
    if o.ty != Type::Text {
        let _ = write!(doc, ". {}", capitalised(&values(o)));
    }
    match (&o.default, &o.default_note) {
        (Some(d), _) => {
            let _ = write!(doc, "; default `{d}`");
        }
        (None, Some(note)) => {
            let _ = write!(doc, "; unset: {note}");
        }
        _ => {}
    }
    doc.push('.');
    let rule = match o.set_by {
        SetBy::Anyone => "",
        SetBy::ManifestOrigin => {
            " Trust option: an element may name only a manifest on the origin of one the \
             configuration names (`manifest`, `allow`)."
        }
        SetBy::AllowedKey => {
            " Trust option: an element may name only a key the configuration names (`key`, `allow`)."
        }
        SetBy::Same => " Trust option: an element may only repeat the configuration's value.",
        SetBy::Merchant => " The configuration's only (`configure()`, the script tag).",
    };
    (doc + rule).replace("*/", "*\\/")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// What values an option takes, in words.
fn values(o: &Opt) -> String {
    match o.ty {
        Type::Url => "a URL, `http:`/`https:` only".into(),
        Type::Key => "`ed25519:…`".into(),
        Type::KeysAndUrls => "manifest URLs and `ed25519:…` keys, space-separated".into(),
        Type::Enum => {
            let names: Vec<String> = o
                .values
                .iter()
                .map(|v| match &v.note {
                    Some(note) => format!("`{}` ({note})", v.name),
                    None => format!("`{}`", v.name),
                })
                .collect();
            match names.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            }
        }
        Type::Country => "ISO 3166-1 alpha-2, or `auto`".into(),
        Type::Language => "BCP 47, or `auto`".into(),
        Type::Text => "text".into(),
        Type::Flag => "`true` (or `1`) or `false`".into(),
        Type::Milliseconds => format!(
            "{}–{}, clamped",
            o.min.unwrap_or_default(),
            o.max.unwrap_or_default()
        ),
    }
}

/// Issue 12's rule for one option, in the README's words.
fn who(set_by: SetBy) -> String {
    match set_by {
        SetBy::Anyone => "anyone",
        SetBy::ManifestOrigin => {
            "merchant; element: a URL on the origin of a manifest the merchant names"
        }
        SetBy::AllowedKey => {
            "merchant; element: a key the merchant names (`data-key`, `data-allow`)"
        }
        SetBy::Same => "merchant; element: the same value only",
        SetBy::Merchant => "merchant only",
    }
    .into()
}

/// The README's options table: the trust options first, then presentation, then
/// the settings that are no option (the loader's URL).
pub fn readme(t: &Table) -> String {
    let mut s = String::from(
        "| `data-` attribute | element attribute / property, `mount()` option | Yew prop | `trustctl render` | Liquid setting (Shopify) | who may set it | values | default | meaning |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let anchors = t.option.iter().filter(|o| o.is_anchor());
    for o in anchors.chain(t.option.iter().filter(|o| !o.is_anchor())) {
        let surface = if o.element {
            format!("`{}` / `{}`", o.attr(), o.key)
        } else {
            format!("— / `configure({{{}}})`", o.key)
        };
        let yew = o.yew.as_ref().map(|y| match &o.yew_note {
            Some(note) => format!("`{y}` ({note})"),
            None => format!("`{y}`"),
        });
        let default = match (&o.default, &o.default_note) {
            _ if o.required => "(required)".to_string(),
            (Some(d), _) => format!("`{d}`"),
            (None, Some(note)) => note.clone(),
            (None, None) => "none".into(),
        };
        let _ = writeln!(
            s,
            "| `data-{}` | {surface} | {} | {} | {} | {} | {} | {default} | {} |",
            o.attr(),
            or_dash(yew),
            or_dash(o.render.as_ref().map(|r| format!("`{r}`"))),
            or_dash(o.liquid.clone()),
            who(o.set_by),
            values(o),
            o.meaning,
        );
    }
    for l in t.liquid.iter().filter(|l| l.option.is_none()) {
        let default = l
            .default
            .as_ref()
            .map_or("none".into(), |d| format!("`{d}`"));
        let _ = writeln!(
            s,
            "| script `src` | — | — | — | `{}` | merchant | a URL | {default} | {} |",
            l.id,
            l.meaning.as_deref().unwrap_or_default()
        );
    }
    s
}

const RUST_HEAD: &str = "// <generated by `cargo xtask gen` from pkg-config/options.toml: edit the table, not this file>\n";

/// `crates/views/src/view_theme.rs`: the `view` and `theme` options as Rust enums,
/// each value named once for every surface.
pub fn view_theme_rs(t: &Table) -> Result<String> {
    let mut s = String::from(RUST_HEAD);
    s += "//! The two choices an embed makes about how the views look: which view, which\n\
          //! theme. The shell reads them from the embed's options (`src/options.rs`), the\n\
          //! static render from `trustctl render`'s flags; both by the names here, which\n\
          //! are the options table's (`pkg-config/options.toml`), like every surface's.\n";
    for (key, ty) in [("view", "View"), ("theme", "Theme")] {
        rust_enum(&mut s, t.get(key)?, ty);
    }
    rustfmt(&s)
}

/// `text` as `cargo fmt` leaves it, so the generated files pass `cargo fmt --check`.
fn rustfmt(text: &str) -> Result<String> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("running rustfmt (rustup component add rustfmt)")?;
    child
        .stdin
        .take()
        .context("rustfmt's stdin")?
        .write_all(text.as_bytes())?;
    let out = child.wait_with_output()?;
    anyhow::ensure!(
        out.status.success(),
        "rustfmt refused the generated Rust:\n{text}"
    );
    Ok(String::from_utf8(out.stdout)?)
}

fn rust_enum(s: &mut String, o: &Opt, ty: &str) {
    let n = o.values.len();
    let names: Vec<String> = o.values.iter().map(|v| format!("\"{}\"", v.name)).collect();
    let list: Vec<&str> = o.values.iter().map(|v| v.name.as_str()).collect();
    let list = match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => list.join(""),
    };
    let _ = write!(
        s,
        "\n/// {} (`{}`).\n#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum {ty} {{\n",
        capitalised(&o.meaning),
        o.key
    );
    for v in &o.values {
        if let Some(doc) = &v.doc {
            let _ = writeln!(s, "    /// {doc}");
        }
        let _ = writeln!(s, "    {},", v.rust);
    }
    let _ = write!(
        s,
        "}}\n\nimpl {ty} {{\n    /// Every name, in the table's order.\n    \
         pub const NAMES: [&str; {n}] = [{}];\n    \
\n    \
         /// The value of that name, exactly as written.\n    \
         pub fn parse(name: &str) -> Option<{ty}> {{\n        Some(match name {{\n",
        names.join(", ")
    );
    for v in &o.values {
        let _ = writeln!(s, "            \"{}\" => {ty}::{},", v.name, v.rust);
    }
    let _ = write!(
        s,
        "            _ => return None,\n        }})\n    }}\n\n    \
         /// Its name on every surface.\n    pub fn name(self) -> &'static str {{\n        match self {{\n"
    );
    for v in &o.values {
        let _ = writeln!(s, "            {ty}::{} => \"{}\",", v.rust, v.name);
    }
    s.push_str("        }\n    }\n}\n");
    // A macro, not a const: a literal costs the wasm nothing in a message's
    // format string, where a const would be one more argument to format.
    let _ = write!(
        s,
        "\n/// The `{key}` names for messages, a literal for `format!` and `concat!`:\n\
         /// \"{list}\".\n#[macro_export]\nmacro_rules! {key}_names {{\n    () => {{\n        \
         \"{list}\"\n    }};\n}}\n",
        key = o.key
    );
}

/// `src/options/table.rs`: the shell's numbers from the table.
pub fn options_rs(t: &Table) -> Result<String> {
    let o = t.get("timeout")?;
    let mut s = String::from(RUST_HEAD);
    let _ = write!(
        s,
        "//! The embed options' numbers, from the options table ({TABLE}).\n\n\
         /// `timeout`: each fetch gives up after this many milliseconds by default.\n\
         pub const TIMEOUT_MS: u32 = {};\n\
         /// The bounds a `timeout` is clamped to.\n\
         pub const TIMEOUT_MIN_MS: u32 = {};\n\
         pub const TIMEOUT_MAX_MS: u32 = {};\n",
        o.default.as_deref().unwrap_or_default(),
        o.min.unwrap_or_default(),
        o.max.unwrap_or_default()
    );
    rustfmt(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_wrap_at_100_columns() {
        let items: Vec<String> = (0..30).map(|i| format!("\"option{i}\"")).collect();
        let text = js_array("export const OPTIONS = ", &items);
        assert!(text.lines().all(|l| l.len() <= 100), "{text}");
        assert!(
            text.lines().skip(1).all(|l| l.starts_with("  \"")),
            "{text}"
        );
        assert!(text.ends_with("\"option29\"];\n"));
    }

    /// The lists the embed has always had, in its order: what mount points and
    /// elements carry, and which of those are the merchant's.
    #[test]
    fn the_embed_lists() {
        let t = Table::load().unwrap();
        let js = embed_js(&t);
        assert!(js.contains(
            "OPTIONS = [\"manifest\", \"key\", \"attesters\", \"view\", \"market\", \"locale\", \"product\",\n  \"theme\", \"showExpired\", \"timeout\"];"
        ), "{js}");
        assert!(
            js.contains("ANCHORS = [\"manifest\", \"key\", \"attesters\", \"timeout\"];"),
            "{js}"
        );
    }
}
