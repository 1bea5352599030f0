//! The widget's UI translations as data: one JSON file per language,
//! `crates/views/i18n/<tag>.json`, English (`en.json`) being the reference.
//!
//! This crate reads those files, checks every language against English (missing
//! and unknown keys, placeholders, plural categories) and turns them into the two
//! things the widget uses: the Rust table compiled into `trust-views` (its build
//! script calls [`build_script`], so a bad file fails the build with a message
//! naming the file, the key and the placeholder), and the language packs that
//! `cargo xtask build` writes next to the JS glue ([`Language::pack`]). Both come
//! from one [`Catalog`], so the table's slot order and a pack's order cannot differ.
//!
//! A file is one JSON object: `"$dir"` (`"ltr"` or `"rtl"`), `"$plural"` (the CLDR
//! plural categories the language uses for cardinal numbers, e.g. `["one",
//! "other"]`), `"$notes"` (English only: a note for translators per key), and one
//! entry per UI string: a text with `{name}` placeholders, or for a counted phrase
//! an object with one text per category of `"$plural"`.

use std::{fmt, path::Path};

mod check;
mod parse;
mod rust;

/// CLDR plural categories in the order a plural message's forms are stored (a
/// pack's string and the compiled table): `other` first, so a language that has
/// only `other` stores just that, and a category a language lacks is empty.
pub const CATEGORIES: [&str; 6] = ["other", "one", "two", "few", "many", "zero"];

/// Separates the forms of a plural message in its stored string. A control
/// character, which no text may contain (the checker refuses them).
pub const SEPARATOR: char = '\u{1f}';

/// Every language, checked: `languages[0]` is English.
#[derive(Debug)]
pub struct Catalog {
    /// The UI strings, in `en.json`'s order: slot `i` of every language is `keys[i]`.
    pub keys: Vec<Key>,
    pub languages: Vec<Language>,
}

/// One UI string as English declares it.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    /// A counted phrase with one form per plural category.
    pub plural: bool,
    /// `$notes` in en.json: what the string is for.
    pub note: Option<String>,
}

/// One language's strings, checked against English.
#[derive(Debug, Clone)]
pub struct Language {
    /// BCP 47, the file name without `.json` (`zh-Hant`).
    pub tag: String,
    pub rtl: bool,
    /// `$plural`, in [`CATEGORIES`] order.
    pub categories: Vec<&'static str>,
    /// One stored string per key of the catalog, in its order: the text, or a
    /// plural message's forms in [`CATEGORIES`] order joined by [`SEPARATOR`]
    /// (a form the language lacks, or one that reads exactly like `other`, is
    /// empty; trailing empty forms are left out).
    pub texts: Vec<String>,
}

/// Everything wrong with the files, one line each (`file: key: what`).
#[derive(Debug, PartialEq)]
pub struct Errors(pub Vec<String>);

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

impl Catalog {
    /// Every `<tag>.json` in `dir` (other files are ignored).
    pub fn read_dir(dir: &Path) -> Result<Catalog, Errors> {
        let io = |e: std::io::Error| Errors(vec![format!("{}: {e}", dir.display())]);
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.ends_with(".json") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Errors(vec![format!("{}: {e}", path.display())]))?;
                files.push((name.to_owned(), text));
            }
        }
        Catalog::from_files(&files)
    }

    /// The catalog of `(file name, contents)` pairs; one must be `en.json`.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalog, Errors> {
        let mut errors = Vec::new();
        let mut parsed: Vec<parse::File> = files
            .iter()
            .filter_map(|(name, text)| match parse::file(name, text) {
                Ok(f) => Some(f),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            })
            .collect();
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        // English first, then by tag: the order of `Lang` and of the packs.
        parsed.sort_by(|a, b| (a.tag != "en", &a.tag).cmp(&(b.tag != "en", &b.tag)));
        check::catalog(parsed)
    }

    /// A language by its tag.
    pub fn language(&self, tag: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.tag == tag)
    }

    /// The Rust source of the table, `Strings`, `Lang` and every language's
    /// strings, for `include!` in `trust-views`' `i18n` module.
    pub fn rust_source(&self) -> String {
        rust::source(self)
    }
}

impl Language {
    /// The language pack: a JSON array of [`Language::texts`], which the widget
    /// reads back into its table (`trust_views::i18n::parse_pack`).
    pub fn pack(&self) -> String {
        serde_json::to_string(&self.texts).expect("strings serialize")
    }
}

/// The forms of a stored plural message by category name (`other` first): what
/// the widget's `Plural` reads. For tests and tools.
pub fn plural_form<'a>(stored: &'a str, category: &str) -> &'a str {
    let i = CATEGORIES.iter().position(|c| *c == category).unwrap_or(0);
    let mut forms = stored.split(SEPARATOR);
    let other = forms.next().unwrap_or("");
    match i {
        0 => other,
        i => forms.nth(i - 1).filter(|f| !f.is_empty()).unwrap_or(other),
    }
}

/// For `build.rs` of `trust-views`: reads `dir`, writes the table to
/// `$OUT_DIR/<out>`, and fails the build with every problem found, one per line.
pub fn build_script(dir: &str, out: &str) {
    println!("cargo:rerun-if-changed={dir}");
    match Catalog::read_dir(Path::new(dir)) {
        Ok(catalog) => {
            let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR is set for build scripts");
            let path = Path::new(&out_dir).join(out);
            std::fs::write(&path, catalog.rust_source())
                .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        }
        Err(errors) => {
            eprintln!("the UI translations in {dir}/ are not consistent with en.json:");
            for e in &errors.0 {
                eprintln!("  {dir}/{e}");
            }
            std::process::exit(1);
        }
    }
}
