//! The release wasm cut in two (issue 17): the main module, which renders the
//! summary, and a chunk with the views a summary does not need, loaded by the
//! widget when a mount shows one of them (`src/split.rs`, the split point).
//!
//! wasm_split_cli_support does the cutting (from the relocations `--emit-relocs`
//! keeps, `compile.rs`) and writes a small ES module, the link module, that the
//! main wasm imports its chunk loader from. As written, it is a file of its own
//! that imports the glue back (for the main module's exports) and fetches each
//! chunk without integrity. `inline_link` puts it into the glue instead: one
//! file less to request and to check, the exports are the glue's own, and each
//! chunk is fetched under its hashed name with its Subresource Integrity, which
//! the glue carries and the loader checks with the glue's.

use std::{
    fs,
    path::{Path, PathBuf},
};

use anyhow::{anyhow, ensure, Context, Result};

/// The link module's name as the main wasm and the glue know it before
/// publishing gives it a hashed one.
pub(super) const LINK: &str = "./__wasm_split.js";
/// What the link module imports the main module's exports from, as written.
const MAIN: &str = "./__wasm_split_main.js";

/// The outputs of a split, in `out`.
pub(super) struct Split {
    /// The main module, for wasm-bindgen.
    pub main: PathBuf,
    /// The chunks, named as the link module names them (`<name>.wasm`).
    pub chunks: Vec<PathBuf>,
    /// The link module as written.
    pub link: String,
}

pub(super) fn split(wasm: &Path, out: &Path) -> Result<Split> {
    eprintln!("$ wasm-split {} ({})", wasm.display(), out.display());
    if out.exists() {
        fs::remove_dir_all(out)?; // no chunk of an older build may be published
    }
    fs::create_dir_all(out)?;
    let input = fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main = out.join("main.wasm");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = out;
    options.main_out_path = &main;
    options.link_name = LINK;
    options.main_module = MAIN;
    let done =
        wasm_split_cli_support::transform(options).map_err(|e| anyhow!("wasm-split: {e:?}"))?;
    ensure!(
        !done.split_modules.is_empty(),
        "wasm-split found no split point: was the widget built with its `split` feature?"
    );
    let link = fs::read_to_string(out.join(LINK))?;
    Ok(Split {
        main,
        chunks: done.split_modules,
        link,
    })
}

/// `glue` with the link module `link` in place of its import of it: `chunks`
/// maps each chunk's file name as written (`x.wasm`) to its published name and
/// integrity. The module becomes a function scope whose exports are the object the
/// glue gave the main wasm as that module's imports; it reads the main module's
/// exports from the glue's `wasm`.
pub(super) fn inline_link(
    glue: &str,
    link: &str,
    chunks: &[(String, String, String)],
) -> Result<String> {
    // wasm-bindgen 0.2.130: `import * as import<N> from "<module>"`, one line.
    let from = format!(" from \"{LINK}\"");
    let line = glue
        .lines()
        .filter(|l| l.ends_with(&from) || l.ends_with(&format!("{from};")))
        .collect::<Vec<_>>();
    ensure!(line.len() == 1, "the glue does not import {LINK} once");
    let line = line[0];
    let name = line
        .strip_prefix("import * as ")
        .and_then(|l| l.split_once(&from))
        .map(|(name, _)| name)
        .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .with_context(|| format!("unexpected import of the link module: {line}"))?;
    ensure!(
        glue.contains("let wasmModule, wasmInstance, wasm;"),
        "the glue does not keep the main module's exports in `wasm` as expected"
    );

    let import = format!("import {{ initSync }} from \"{MAIN}\";");
    ensure!(
        link.matches(&import).count() == 1,
        "the link module does not import the glue as expected ({import})"
    );
    let ask = "initSync(undefined, undefined)";
    ensure!(
        link.matches(ask).count() == 1,
        "the link module does not ask for the exports as expected"
    );
    // A chunk that fails to load is reported once, by the widget (`load-failed`),
    // not also here: the widget logs exactly one warning per failure.
    let log = "console.error(e);";
    ensure!(
        link.matches(log).count() == 1,
        "the link module does not log a failed load as expected"
    );
    let mut code = link
        .replace(&import, "")
        .replace(ask, "wasm")
        .replace(log, "");
    for (file, published, integrity) in chunks {
        let fetch = format!("fetch(new URL(\"./{file}\", import.meta.url))");
        ensure!(
            code.matches(&fetch).count() == 1,
            "the link module does not fetch {file} as expected"
        );
        code = code.replace(
            &fetch,
            &format!(
                "fetch(new URL({}, import.meta.url), {{ integrity: {} }})",
                serde_json::to_string(&format!("./{published}"))?,
                serde_json::to_string(integrity)?
            ),
        );
    }
    ensure!(
        code.matches("fetch(").count() == chunks.len()
            && code.matches("{ integrity: ").count() == chunks.len(),
        "the link module fetches a file that is not a published chunk"
    );
    ensure!(
        !code.contains("import ") && !code.contains("import("),
        "the link module imports something"
    );
    let mut exports = Vec::new();
    let mut body = String::new();
    for l in code.lines() {
        match l.strip_prefix("export const ") {
            Some(rest) => {
                let (export, _) = rest.split_once(" = ").context("an unexpected export")?;
                exports.push(export.to_owned());
                body.push_str("const ");
                body.push_str(rest);
            }
            None => {
                ensure!(!l.contains("export "), "an unexpected export: {l}");
                body.push_str(l);
            }
        }
        body.push('\n');
    }
    ensure!(
        !exports.is_empty(),
        "the link module exports no chunk loader"
    );
    let inlined = format!(
        "const {name} = (() => {{\n{body}return {{ {} }};\n}})();",
        exports.join(", ")
    );
    Ok(glue.replacen(line, &inlined, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The link module as wasm_split_cli_support 0.2.4 writes it for one chunk
    /// (its runtime part shortened).
    const WRITTEN: &str = r#"import { initSync } from "./__wasm_split_main.js";

let sharedImports = undefined;
function getSharedImports() {
    if (sharedImports === undefined) {
        sharedImports = { __wasm_split: {  } };
        const { memory, __indirect_function_table,  } = initSync(undefined, undefined);
        Object.assign(sharedImports.__wasm_split, { memory, __indirect_function_table,  });
    }
    return sharedImports;
}
function wrapAsyncCb(callee) {
    return async () => { try { await callee(); } catch (e) { console.error(e); } };
}
export const __wasm_split_load_views = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_views_1.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []));
"#;

    const GLUE: &str = "import * as import1 from \"./__wasm_split.js\"\n\
                        let wasmModule, wasmInstance, wasm;\n\
                        function imports() { return { \"./__wasm_split.js\": import1 }; }\n";

    fn chunks(written: &str) -> [(String, String, String); 1] {
        [(
            written.to_owned(),
            "trust-widget_split_views_1.0123abcd.wasm".to_owned(),
            "sha256-AAAA".to_owned(),
        )]
    }

    #[test]
    fn the_link_module_moves_into_the_glue_and_checks_each_chunk() {
        let out = inline_link(GLUE, WRITTEN, &chunks("split_views_1.wasm")).unwrap();
        assert!(!out.contains("import "), "{out}");
        assert!(!out.contains("console."), "{out}");
        assert!(out.starts_with("const import1 = (() => {\n"), "{out}");
        assert!(
            out.contains("return { __wasm_split_load_views };\n})();"),
            "{out}"
        );
        assert!(out.contains("} = wasm;"), "{out}");
        assert!(out.contains(
            r#"fetch(new URL("./trust-widget_split_views_1.0123abcd.wasm", import.meta.url), { integrity: "sha256-AAAA" })"#
        ));
        // The import object still names the module the wasm imports from.
        assert!(out.contains("\"./__wasm_split.js\": import1"));
    }

    #[test]
    fn a_chunk_the_build_does_not_know_fails_the_build() {
        assert!(inline_link(GLUE, WRITTEN, &[]).is_err());
        assert!(inline_link(GLUE, WRITTEN, &chunks("split_other_2.wasm")).is_err());
        assert!(inline_link(
            "let wasmModule, wasmInstance, wasm;",
            WRITTEN,
            &chunks("split_views_1.wasm")
        )
        .is_err());
    }
}
