//! The editor page: header (language, save, sign), the overview (lint problems
//! that belong to no field, readiness per market), the form, and the preview
//! panel with its market, language, view, theme and product choices. The page's
//! script and stylesheet are files of their own (`assets/`); the strings the
//! script shows are handed to it as JSON data, never as code.

use std::fmt::Write;

use serde_json::Value;
use trust_views::{Theme, View};

use super::i18n::{self, Strings};
use crate::report::html::esc;

pub struct PageInput<'a> {
    pub doc: &'a Value,
    pub file: &'a str,
    pub can_sign: bool,
    pub has_widget: bool,
}

pub fn editor(p: &PageInput<'_>, s: &Strings) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{tag}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"studio.css\">\n<script type=\"module\" src=\"studio.js\"></script>\n\
         <script type=\"application/json\" id=\"strings\">{strings}</script>\n</head>\n<body>\n\
         <header class=\"top\">\n<a class=\"skip\" href=\"#preview\">{skip}</a>\n<h1>{title}</h1>\n\
         <p class=\"lead\">{lead}</p>\n",
        tag = s.tag,
        dir = esc(&s.dir),
        title = esc(s.t("app_title")),
        strings = json_in_html(&serde_json::to_string(&s.all()).expect("strings serialise")),
        skip = esc(s.t("skip_to_preview")),
        lead = esc(&s.fill("app_lead", &[("file", p.file)])),
    );
    language_choice(&mut out, s);
    let sign_note = if p.can_sign {
        String::new()
    } else {
        format!(
            "<p class=\"note\" id=\"sign-note\">{}</p>",
            esc(s.t("sign_unavailable"))
        )
    };
    let _ = write!(
        out,
        "<div class=\"actions\"><button type=\"button\" id=\"save\">{save}</button>\
         <button type=\"button\" id=\"sign\"{disabled}>{sign}</button>\
         <span id=\"dirty\" class=\"dirty\" hidden>{unsaved}</span></div>{sign_note}\n\
         <p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</header>\n<div class=\"layout\">\n<main class=\"form\" id=\"form\" aria-label=\"{title}\">\n\
         <section class=\"section\" id=\"s-overview\">\n\
         <h2 id=\"h-overview\">{overview}</h2>\n<p id=\"problem-count\"></p>\n\
         <div id=\"scores\"></div>\n<ul class=\"readiness\" data-section=\"overview\" aria-label=\"{overview}\"></ul>\n\
         <h3>{elsewhere}</h3>\n<div class=\"elsewhere\" data-pointer=\"\"></div>\n</section>\n",
        title = esc(s.t("app_title")),
        save = esc(s.t("save")),
        sign = esc(s.t("sign")),
        disabled = if p.can_sign { "" } else { " disabled aria-describedby=\"sign-note\"" },
        unsaved = esc(s.t("unsaved")),
        overview = esc(s.t("title_overview")),
        elsewhere = esc(s.t("elsewhere")),
    );
    out.push_str(&super::form::sections(p.doc, s));
    out.push_str("</main>\n");
    preview_panel(&mut out, p, s);
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn language_choice(out: &mut String, s: &Strings) {
    let _ = write!(
        out,
        "<div class=\"lang\"><label for=\"studio-lang\">{}</label><select id=\"studio-lang\">",
        esc(s.t("studio_language"))
    );
    for tag in i18n::tags() {
        let sel = if tag == s.tag { " selected" } else { "" };
        // Each language named in itself (its own file's title is not a name).
        let _ = write!(
            out,
            "<option value=\"{tag}\"{sel} lang=\"{tag}\">{}</option>",
            native_name(tag)
        );
    }
    out.push_str("</select></div>\n");
}

fn native_name(tag: &str) -> &'static str {
    match tag {
        "ar" => "العربية",
        "de" => "Deutsch",
        "es" => "Español",
        "fr" => "Français",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "zh-Hans" => "简体中文",
        "zh-Hant" => "繁體中文",
        _ => "English",
    }
}

fn preview_panel(out: &mut String, p: &PageInput<'_>, s: &Strings) {
    let _ = write!(
        out,
        "<aside class=\"preview\" id=\"preview\" aria-labelledby=\"h-preview\" tabindex=\"-1\">\n<h2 id=\"h-preview\">{}</h2>\n<div class=\"choices\">",
        esc(s.t("preview_title"))
    );
    // Any market: a country code typed, or one of those offered.
    let markets = markets(p.doc);
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"p-market\">{}</label><input type=\"text\" id=\"p-market\" data-preview=\"market\" \
         list=\"p-markets\" value=\"{}\" maxlength=\"2\" autocomplete=\"off\" spellcheck=\"false\"><datalist id=\"p-markets\">",
        esc(s.t("preview_market")),
        esc(&markets[0])
    );
    for m in &markets {
        let _ = write!(out, "<option value=\"{}\"></option>", esc(m));
    }
    out.push_str("</datalist></div>");
    // The preview starts in the studio's language.
    let locales = i18n::tags().map(|t| (t, native_name(t)));
    choice(out, "locale", s.t("preview_language"), s.tag, locales);
    let views = View::NAMES.iter().map(|v| (*v, s.vocab(v))).rev();
    choice(out, "view", s.t("preview_view"), "", views);
    let themes = Theme::NAMES.iter().map(|t| (*t, s.vocab(t)));
    choice(out, "theme", s.t("preview_theme"), "", themes);
    let products: Vec<&str> = p
        .doc
        .get("products")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("id").and_then(Value::as_str))
        .collect();
    let products = [("", s.t("none_selected"))]
        .into_iter()
        .chain(products.into_iter().map(|p| (p, p)));
    choice(out, "product", s.t("preview_product"), "", products);
    out.push_str("</div>\n");
    if p.has_widget {
        let _ = writeln!(
            out,
            "<iframe id=\"preview-frame\" title=\"{}\"></iframe>",
            esc(s.t("preview_frame"))
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"note\" id=\"preview-missing\">{}</p>",
            esc(s.t("preview_missing"))
        );
    }
    out.push_str("</aside>\n");
}

/// A select of the preview's choices (`selected`, else the first option).
fn choice<'a>(
    out: &mut String,
    name: &str,
    label: &str,
    selected: &str,
    options: impl Iterator<Item = (&'a str, &'a str)>,
) {
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"p-{name}\">{}</label><select id=\"p-{name}\" data-preview=\"{name}\">",
        esc(label)
    );
    for (value, text) in options {
        let sel = if value == selected { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{sel}>{}</option>",
            esc(value),
            esc(text)
        );
    }
    out.push_str("</select></div>");
}

/// The markets to preview: those the policies name, then the usual ones.
fn markets(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let named = doc
        .get("policies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("applicableCountry").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .filter(|m| crate::iso_codes::is_country(m))
        .map(str::to_ascii_uppercase);
    for m in named.chain(["US", "DE", "GB", "FR", "JP", "KR", "CN", "SG", "AE"].map(String::from)) {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// JSON inside a `<script type="application/json">`: `<` escaped, so no value
/// can close the element.
fn json_in_html(json: &str) -> String {
    json.replace('<', "\\u003c")
}
