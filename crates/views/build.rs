//! Minifies src/widget.css into OUT_DIR for `include_str!` (src/style.rs): comments
//! and layout whitespace would otherwise ship inside every shopper's wasm download.
//! Conservative on purpose: strings are copied as they are, runs of whitespace become
//! one space, and only the space next to `{`, `}`, `;`, `,` and after `:` goes (never
//! around `+`, `-`, `>` or inside `calc()` terms, where a space can matter).

use std::{env, fs, path::Path};

fn main() {
    // The UI strings: i18n/*.json checked against en.json and turned into the
    // table `src/i18n.rs` includes; a mistake fails the build naming file and key.
    trust_i18n_data::build_script("i18n", "i18n_table.rs");
    let src = "src/widget.css";
    println!("cargo:rerun-if-changed={src}");
    let css = fs::read_to_string(src).expect("reading src/widget.css");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("widget.min.css");
    fs::write(out, minify_css(&css)).expect("writing widget.min.css");
}

fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = '\0';
                for c in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                pending_space = true; // a comment separates tokens like a space does
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == c {
                        break;
                    }
                }
            }
            '{' | '}' | ';' | ',' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                skip_space(&mut chars);
            }
            ':' => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
                skip_space(&mut chars);
            }
            c => {
                flush_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out.trim().to_owned()
}

/// Writes a pending space unless it would sit right after a delimiter that needs none.
fn flush_space(out: &mut String, pending: &mut bool) {
    if std::mem::take(pending) && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ':']) {
        out.push(' ');
    }
}

fn skip_space(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.peek().is_some_and(|c| c.is_whitespace()) {
        chars.next();
    }
}
