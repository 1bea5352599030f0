//! Static HTML read the way a browser reads it: html5ever (the WHATWG HTML parsing
//! algorithm, Servo's parser) with every parse error reported. Markup that parses
//! without an error has each element closed where the markup says and nothing
//! mis-nested or left open, no `<` in text that is not a tag, and no attribute
//! quoting that runs on: what `report --html` and `render` must hold when their
//! text comes from hostile manifests.

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{local_name, ns, parse_document, parse_fragment, ParseOpts, QualName};
use markup5ever_rcdom::RcDom;

fn opts() -> ParseOpts {
    ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
        tree_builder: TreeBuilderOpts {
            exact_errors: true,
            ..TreeBuilderOpts::default()
        },
    }
}

fn errors(dom: RcDom) -> Vec<String> {
    dom.errors
        .into_inner()
        .into_iter()
        .map(|e| e.into_owned())
        .collect()
}

/// The parse errors of a whole document (`<!doctype html>…`).
pub fn document_errors(html: &str) -> Vec<String> {
    errors(parse_document(RcDom::default(), opts()).one(html))
}

/// The parse errors of markup meant for a page's `<body>` (`render`'s output).
pub fn fragment_errors(html: &str) -> Vec<String> {
    let body = QualName::new(None, ns!(html), local_name!("body"));
    errors(parse_fragment(RcDom::default(), opts(), body, Vec::new(), false).one(html))
}

/// Whether `error` is about one character of the input, a control character or a
/// noncharacter ("Bad character X"; state errors read "Bad character" alone):
/// the parser keeps such a character as text, where it cannot form markup.
pub fn is_stray_character(error: &str) -> bool {
    error.starts_with("Bad character ")
}

/// `html` is a document without parse errors; `what` names it in the failure.
pub fn assert_document(html: &str, what: &str) {
    let errors = document_errors(html);
    assert!(errors.is_empty(), "{what}: HTML parse errors: {errors:#?}");
}

/// `html` is body markup without parse errors; `what` names it in the failure.
pub fn assert_fragment(html: &str, what: &str) {
    let errors = fragment_errors(html);
    assert!(errors.is_empty(), "{what}: HTML parse errors: {errors:#?}");
}
