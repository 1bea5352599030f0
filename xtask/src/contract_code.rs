//! The hand-written code that acts on options, compared with the options table:
//! what the generator cannot write (the wasm's reading and checking of each option,
//! the Yew props, `trustctl render`'s flags) must still name every option the
//! table gives that surface, and no other. Read as text: the names are string
//! literals and field names, which is what a surface's contract is.

use anyhow::{ensure, Context, Result};

use crate::contract::Table;
use crate::root;

/// The wasm's options reader (`Options::from_js`).
const WASM_OPTIONS: &str = "src/options.rs";
/// The Yew component's props.
const YEW_PROPS: &str = "src/yew_component.rs";
/// The script-tag entry, which reads the merchant's configuration.
const LOADER: &str = "www/loader.js";
/// `trustctl render`'s arguments (its own, and the verification inputs it flattens in).
const RENDER_ARGS: &[&str] = &["crates/cli/src/render.rs", "crates/cli/src/verify/mod.rs"];

pub fn check(t: &Table) -> Result<()> {
    wasm_reads(t, &read(WASM_OPTIONS)?)?;
    yew_props(t, &read(YEW_PROPS)?)?;
    loader_config(t, &read(LOADER)?)?;
    let render = RENDER_ARGS
        .iter()
        .map(|p| read(p))
        .collect::<Result<Vec<_>>>()?;
    render_flags(t, &render.concat())
}

fn read(path: &str) -> Result<String> {
    std::fs::read_to_string(root().join(path)).with_context(|| {
        format!("reading {path} (moved? the paths are in xtask/src/contract_code.rs)")
    })
}

/// The wasm reads (`get(obj, "key")`) every option a mount point or element
/// passes it, and nothing the table does not know.
fn wasm_reads(t: &Table, code: &str) -> Result<()> {
    const READ: &str = "get(obj, \"";
    for o in t.element_options() {
        ensure!(
            code.contains(&format!("{READ}{}\")", o.key)),
            "{WASM_OPTIONS} does not read the option `{}` (get(obj, \"{}\"))",
            o.key,
            o.key
        );
    }
    for (i, _) in code.match_indices(READ) {
        let rest = &code[i + READ.len()..];
        let key = &rest[..rest.find('"').unwrap_or(0)];
        ensure!(
            t.element_options().any(|o| o.key == key),
            "{WASM_OPTIONS} reads `{key}`, which is not in the options table"
        );
    }
    Ok(())
}

/// The loader reads the generated OPTIONS from its script tag, and by name the
/// options only the configuration has (`allow`): each of those must be there.
fn loader_config(t: &Table, code: &str) -> Result<()> {
    ensure!(
        code.contains("...OPTIONS"),
        "{LOADER} no longer reads OPTIONS from its script tag"
    );
    for o in t.option.iter().filter(|o| !o.element) {
        ensure!(
            code.contains(&format!("\"{}\"", o.key)),
            "{LOADER} does not read the configuration option `{}` from its script tag",
            o.key
        );
    }
    Ok(())
}

/// Every option with a Yew prop is a field of the props.
fn yew_props(t: &Table, code: &str) -> Result<()> {
    for o in &t.option {
        if let Some(prop) = &o.yew {
            ensure!(
                code.contains(&format!("pub {prop}:")),
                "{YEW_PROPS} has no prop `{prop}` (the option `{}`)",
                o.key
            );
        }
    }
    Ok(())
}

/// Every `trustctl render` flag is a field of its arguments (clap names the flag
/// after the field: `--manifest-url` is `manifest_url`).
fn render_flags(t: &Table, code: &str) -> Result<()> {
    for o in &t.option {
        if let Some(flag) = &o.render {
            let field = flag.trim_start_matches("--").replace('-', "_");
            ensure!(
                code.contains(&format!(" {field}:")),
                "trustctl render has no {flag} (no field `{field}` in {})",
                RENDER_ARGS.join(" or ")
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code as it is agrees with the table, and each kind of drift is caught.
    #[test]
    fn code_and_table_agree_and_drift_is_caught() {
        let t = Table::load().unwrap();
        check(&t).unwrap();

        let wasm = read(WASM_OPTIONS).unwrap();
        let dropped = wasm.replace("get(obj, \"showExpired\")", "get(obj, \"show_expired\")");
        let err = wasm_reads(&t, &dropped).unwrap_err().to_string();
        assert!(
            err.contains("does not read the option `showExpired`"),
            "{err}"
        );
        let extra = format!("{wasm}\nlet _ = get(obj, \"colour\");");
        let err = wasm_reads(&t, &extra).unwrap_err().to_string();
        assert!(err.contains("reads `colour`"), "{err}");

        let yew = read(YEW_PROPS)
            .unwrap()
            .replace("pub show_expired:", "pub expired:");
        assert!(yew_props(&t, &yew).is_err());

        let loader = read(LOADER).unwrap().replace("\"allow\"", "\"allowed\"");
        assert!(loader_config(&t, &loader).is_err());

        let render = read(RENDER_ARGS[0])
            .unwrap()
            .replace(" show_expired:", " expired:");
        assert!(render_flags(&t, &render).is_err());
    }
}
