//! The review form's markup: native controls only (radio groups in fieldsets with
//! legends, labelled inputs), so it works without JavaScript and with a keyboard.
//! Errors: a summary at the top with `role="alert"`, focused on load (`autofocus`:
//! screen readers read it without any script) and linking to each field, and each field carrying
//! `aria-invalid` and `aria-describedby` pointing at its own message.

use crate::html::escape as e;
use crate::lang::Lang;

/// What the buyer typed (kept on an error page, escaped on output).
#[derive(Debug, Default, Clone)]
pub struct Values {
    pub rating: Option<u8>,
    pub title: String,
    pub body: String,
    pub name: String,
    pub incentive: Option<bool>,
}

/// A field's error: (field id, language key).
pub type FieldError = (&'static str, &'static str);

pub fn form(
    l: &Lang,
    brand: &str,
    product: &str,
    action: &str,
    v: &Values,
    errors: &[FieldError],
) -> String {
    let vars = [("brand", brand), ("product", product)];
    let err_of = |id: &str| errors.iter().find(|(f, _)| *f == id).map(|(_, k)| *k);
    let mut h = String::with_capacity(8192);
    h.push_str(&format!(
        "<h1>{}</h1><p>{}</p>",
        e(&l.fill("form_title", &vars)),
        e(&l.fill("form_intro", &vars))
    ));
    if !errors.is_empty() {
        h.push_str(&format!("<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"errors\" autofocus><p><strong>{}</strong></p><ul>", e(l.get("err_summary"))));
        for (id, key) in errors {
            h.push_str(&format!("<li><a href=\"#{id}\">{}</a></li>", e(l.get(key))));
        }
        h.push_str("</ul></div>");
    }
    h.push_str(&format!(
        "<form method=\"post\" action=\"{}\" enctype=\"multipart/form-data\">",
        e(action)
    ));
    // Rating: five radios, highest first, none preselected (no default nudges a rating).
    let rating_err = err_of("rating");
    h.push_str(&fieldset_open(
        "rating",
        l.get("rating_legend"),
        rating_err,
        l,
    ));
    for n in (1..=5u8).rev() {
        let id = if n == 5 {
            "rating".to_string()
        } else {
            format!("rating-{n}")
        };
        let checked = if v.rating == Some(n) { " checked" } else { "" };
        let stars = format!("{}{}", "★".repeat(n as usize), "☆".repeat(5 - n as usize));
        h.push_str(&format!(
            "<div class=\"choice\"><input type=\"radio\" name=\"rating\" id=\"{id}\" value=\"{n}\" required{checked}>\
             <label for=\"{id}\"><span class=\"stars\" aria-hidden=\"true\">{stars}</span> {}</label></div>",
            e(&l.fill("rating_option", &[("n", &n.to_string())]))
        ));
    }
    h.push_str("</fieldset>");
    h.push_str(&text_field(
        "title",
        l.get("title_label"),
        None,
        &v.title,
        false,
        200,
        err_of("title"),
        l,
    ));
    h.push_str(&text_field(
        "body",
        l.get("body_label"),
        None,
        &v.body,
        true,
        5000,
        err_of("body"),
        l,
    ));
    h.push_str(&text_field(
        "name",
        l.get("name_label"),
        Some(l.get("name_hint")),
        &v.name,
        true,
        80,
        err_of("name"),
        l,
    ));
    h.push_str(&fieldset_open(
        "incentive",
        l.get("incentive_legend"),
        err_of("incentive"),
        l,
    ));
    for (id, val, key, sel) in [
        ("incentive", "no", "incentive_no", Some(false)),
        ("incentive-yes", "yes", "incentive_yes", Some(true)),
    ] {
        let checked = if v.incentive == sel { " checked" } else { "" };
        h.push_str(&format!(
            "<div class=\"choice\"><input type=\"radio\" name=\"incentive\" id=\"{id}\" value=\"{val}\" required{checked}>\
             <label for=\"{id}\">{}</label></div>",
            e(l.get(key))
        ));
    }
    h.push_str("</fieldset>");
    let photo_err = err_of("photo");
    h.push_str(&format!(
        "<div class=\"field\"><label class=\"f\" for=\"photo\">{}</label><span class=\"hint\" id=\"photo-hint\">{}</span>{}\
         <input type=\"file\" name=\"photo\" id=\"photo\" accept=\"image/jpeg,image/png,image/webp\" multiple \
         aria-describedby=\"photo-hint{}\"{}></div>",
        e(l.get("photos_label")),
        e(l.get("photos_hint")),
        error_p("photo", photo_err, l),
        if photo_err.is_some() { " photo-error" } else { "" },
        if photo_err.is_some() { " aria-invalid=\"true\"" } else { "" },
    ));
    h.push_str(&format!(
        "<button type=\"submit\">{}</button></form>",
        e(l.get("submit"))
    ));
    h
}

fn error_p(id: &str, key: Option<&str>, l: &Lang) -> String {
    key.map(|k| format!("<p class=\"err\" id=\"{id}-error\">{}</p>", e(l.get(k))))
        .unwrap_or_default()
}

fn fieldset_open(id: &str, legend: &str, err: Option<&str>, l: &Lang) -> String {
    let described = if err.is_some() {
        format!(" aria-describedby=\"{id}-error\"")
    } else {
        String::new()
    };
    format!(
        "<fieldset id=\"{id}-group\"{described}><legend>{}</legend>{}",
        e(legend),
        error_p(id, err, l)
    )
}

#[allow(clippy::too_many_arguments)]
fn text_field(
    id: &str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    required: bool,
    max: usize,
    err: Option<&str>,
    l: &Lang,
) -> String {
    let mut described: Vec<String> = vec![];
    let hint_html = hint
        .map(|t| {
            described.push(format!("{id}-hint"));
            format!("<span class=\"hint\" id=\"{id}-hint\">{}</span>", e(t))
        })
        .unwrap_or_default();
    if err.is_some() {
        described.push(format!("{id}-error"));
    }
    let aria = format!(
        "{}{}",
        if described.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", described.join(" "))
        },
        if err.is_some() {
            " aria-invalid=\"true\""
        } else {
            ""
        }
    );
    let req = if required { " required" } else { "" };
    let control = if id == "body" {
        format!(
            "<textarea name=\"{id}\" id=\"{id}\" maxlength=\"{max}\"{req}{aria}>{}</textarea>",
            e(value)
        )
    } else {
        format!("<input type=\"text\" name=\"{id}\" id=\"{id}\" maxlength=\"{max}\" value=\"{}\"{req}{aria}>", e(value))
    };
    format!(
        "<div class=\"field\"><label class=\"f\" for=\"{id}\">{}</label>{hint_html}{}{control}</div>",
        e(label),
        error_p(id, err, l)
    )
}
