//! The editor's sections as server-rendered HTML, from the table in `spec.rs`
//! and the draft. Every value and label goes through `esc`, so whatever a field
//! holds is shown as text. Each control's `name` is its JSON pointer; each field,
//! item and section carries `data-pointer`, which is where the page's script
//! puts a lint finding: under the element with the longest pointer that
//! contains the finding's. Sections are not named landmarks (the widget in the
//! preview has regions of the same names); the page's `main` holds them.

use std::fmt::Write;

use serde_json::Value;

use super::i18n::Strings;
use super::spec::{Control, Field, Section, Sub, SECTIONS};
use crate::report::html::esc;

/// Every section of the form.
pub fn sections(doc: &Value, s: &Strings) -> String {
    let mut out = String::new();
    for section in SECTIONS {
        section_html(&mut out, section, doc, s);
    }
    out
}

fn section_html(out: &mut String, sec: &Section, doc: &Value, s: &Strings) {
    let id = sec.id;
    // The company section's own findings (a missing name) are the issuer's.
    let pointer = sec.list.unwrap_or("/issuer");
    let _ = write!(
        out,
        "<section class=\"section\" id=\"s-{id}\" data-pointer=\"{pointer}\">\n\
         <h2 id=\"h-{id}\">{title}</h2>\n<ul class=\"readiness\" data-section=\"{id}\" aria-label=\"{title}: {ready}\"></ul>\n",
        title = esc(s.t(&format!("title_{id}"))),
        ready = esc(s.t("readiness_title")),
    );
    match sec.list {
        None => fields(out, "", sec.fields, doc, s),
        Some(list) => {
            let items = doc
                .pointer(list)
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for (i, item) in items.iter().enumerate() {
                let at = format!("{list}/{i}");
                if !sec.inner.is_empty()
                    && item.pointer(sec.inner).is_none()
                    && item.get("attestation").is_some()
                {
                    attested(out, &at, i, s);
                    continue;
                }
                let inner = format!("{at}{}", sec.inner);
                item_open(out, &at, i, s);
                fields(out, &inner, sec.fields, doc, s);
                if let Some(sub) = &sec.sub {
                    sub_list(out, &inner, sub, doc, s);
                }
                item_close(out, &at, s);
            }
            add_button(out, list, &format!("add_{id}"), s);
        }
    }
    out.push_str("</section>\n");
}

fn sub_list(out: &mut String, inner: &str, sub: &Sub, doc: &Value, s: &Strings) {
    let list = format!("{inner}{}", sub.key);
    let id = dom_id(&list);
    let _ = write!(
        out,
        "<div class=\"sub\" data-pointer=\"{list}\" role=\"group\" aria-labelledby=\"h{id}\">\n<h3 id=\"h{id}\">{}</h3>\n",
        esc(s.t(sub.title))
    );
    let n = doc
        .pointer(&list)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    for i in 0..n {
        let at = format!("{list}/{i}");
        item_open(out, &at, i, s);
        fields(out, &at, sub.fields, doc, s);
        item_close(out, &at, s);
    }
    add_button(out, &list, "add_documents", s);
    out.push_str("</div>\n");
}

fn item_open(out: &mut String, at: &str, i: usize, s: &Strings) {
    let id = dom_id(at);
    let _ = write!(
        out,
        "<fieldset class=\"item\" id=\"i{id}\" data-pointer=\"{at}\">\n<legend id=\"l{id}\">{}</legend>\n",
        esc(&s.fill("item_number", &[("n", &(i + 1).to_string())]))
    );
}

fn item_close(out: &mut String, at: &str, s: &Strings) {
    let id = dom_id(at);
    let _ = write!(
        out,
        "<button type=\"button\" class=\"remove\" data-remove=\"{at}\" aria-describedby=\"l{id}\">{}</button>\n</fieldset>\n",
        esc(s.t("remove"))
    );
}

/// An entry a third party signed: shown, removable, never edited here.
fn attested(out: &mut String, at: &str, i: usize, s: &Strings) {
    item_open(out, at, i, s);
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(s.t("attested_entry")));
    item_close(out, at, s);
}

fn add_button(out: &mut String, list: &str, label: &str, s: &Strings) {
    let _ = writeln!(
        out,
        "<button type=\"button\" class=\"add\" data-add=\"{list}\">{}</button>",
        esc(s.t(label))
    );
}

fn fields(out: &mut String, base: &str, fields: &[Field], doc: &Value, s: &Strings) {
    for f in fields {
        let pointer = format!("{base}{}", f.key);
        field(out, &pointer, f, doc.pointer(&pointer), s);
    }
}

fn field(out: &mut String, pointer: &str, f: &Field, value: Option<&Value>, s: &Strings) {
    let id = format!("f{}", dom_id(pointer));
    let label = esc(s.t(f.label));
    let text = esc(&shown(value));
    let kind = f.control.kind();
    let common = format!("id=\"{id}\" name=\"{pointer}\" data-kind=\"{kind}\"");
    let _ = write!(out, "<div class=\"field\" data-pointer=\"{pointer}\">");
    match f.control {
        Control::Bool => {
            let checked = if value == Some(&Value::Bool(true)) {
                " checked"
            } else {
                ""
            };
            let _ = write!(out, "<input type=\"checkbox\" {common} value=\"true\"{checked}> <label for=\"{id}\">{label}</label>");
        }
        Control::Select(options) => {
            let _ = write!(out, "<label for=\"{id}\">{label}</label><select {common}><option value=\"\">{}</option>", esc(s.t("none_selected")));
            let current = value.and_then(Value::as_str);
            // A value the list does not have (typed into the file) stays visible.
            let extra = current.filter(|c| !options.contains(c));
            for o in options.iter().copied().chain(extra) {
                let sel = if Some(o) == current { " selected" } else { "" };
                let _ = write!(
                    out,
                    "<option value=\"{}\"{sel}>{}</option>",
                    esc(o),
                    esc(s.vocab(o))
                );
            }
            out.push_str("</select>");
        }
        Control::Textarea => {
            let _ = write!(out, "<label for=\"{id}\">{label}</label><textarea {common} rows=\"3\">{text}</textarea>");
        }
        Control::Hash => {
            let _ = write!(
                out,
                "<label for=\"{id}\">{label}</label><input type=\"text\" {common} value=\"{text}\" class=\"hash\" spellcheck=\"false\">\
                 <label class=\"pick\" for=\"{id}-file\">{}</label><input type=\"file\" id=\"{id}-file\" data-hash-for=\"{pointer}\">",
                esc(s.t("hash_pick"))
            );
        }
        Control::List => {
            let _ = write!(
                out,
                "<label for=\"{id}\">{label}</label><input type=\"text\" {common} value=\"{text}\" aria-describedby=\"{id}-hint\"><span class=\"hint\" id=\"{id}-hint\">{}</span>",
                esc(s.t("list_hint"))
            );
        }
        _ => {
            let (ty, mode) = match f.control {
                Control::Url => ("url", ""),
                Control::Date => ("date", ""),
                // Text, so a value that is not a number stays visible for lint to point at.
                Control::Number => ("text", " inputmode=\"numeric\""),
                _ => ("text", ""),
            };
            let _ = write!(out, "<label for=\"{id}\">{label}</label><input type=\"{ty}\"{mode} {common} value=\"{text}\">");
        }
    }
    out.push_str("</div>\n");
}

/// A value as the control shows it.
fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// An id-safe form of a pointer (`/policies/0/returns` → `-policies-0-returns`).
pub fn dom_id(pointer: &str) -> String {
    pointer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
