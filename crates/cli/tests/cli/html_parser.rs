//! The HTML check of the static-HTML tests (`support::html`) is not blind: what
//! the hand-written balance checker it replaced caught, the HTML5 parser reports
//! too, and the markup `render` writes passes.

use crate::support;

use support::html::{document_errors, fragment_errors, is_stray_character};

#[test]
fn broken_markup_is_reported() {
    for (markup, what) in [
        (
            "<div><span>text</div>",
            "an element closed by another's end tag",
        ),
        ("<div><p>text</p>", "an element left open"),
        ("text</span>", "an end tag that closes nothing"),
        ("<b><i>text</b></i>", "mis-nested elements"),
        ("1 < 2 and 3 <4", "a '<' in text"),
        (
            "<a href=\"https://x.example>link</a>",
            "an attribute quote left open",
        ),
        (
            "<div class=\"a\"\"b\">text</div>",
            "an attribute run into the next",
        ),
        ("<div>text</div><", "a tag cut off at the end"),
    ] {
        assert!(!fragment_errors(markup).is_empty(), "{what}: {markup}");
    }
    let head_only = "<!doctype html><html><head><title>t</title></head><body><main>";
    assert!(!document_errors(head_only).is_empty(), "a document cut off");
}

#[test]
fn a_control_character_is_a_stray_character_and_a_broken_tag_is_not() {
    let errors = fragment_errors("<p>bell \u{7} here</p>");
    assert!(!errors.is_empty() && errors.iter().all(|e| is_stray_character(e)));
    let errors = fragment_errors("<p>text</p><p class=\"a\"\"b\">x</p>");
    assert!(!errors.is_empty() && !errors.iter().any(|e| is_stray_character(e)));
}

#[test]
fn well_formed_markup_passes() {
    let widget = "<trust-widget manifest=\"/m.json\"><template shadowrootmode=\"open\">\
        <style>.tw>ul{margin:0}</style><div class=\"tw\"><ul><li>1 &lt; 2 &amp; 3 &gt; 2</li>\
        <li><img src=\"https://x.example/a.png\" alt=\"\"></li></ul>\
        <svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/></svg></div></template></trust-widget>";
    assert_eq!(fragment_errors(widget), Vec::<String>::new());
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>Report</title></head><body><main><p>ok</p></main></body></html>";
    assert_eq!(document_errors(page), Vec::<String>::new());
}
