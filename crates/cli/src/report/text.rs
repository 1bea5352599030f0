//! The text format of `trustctl report`: fits an 80-column terminal. Manifest
//! text is wrapped by display width, so Japanese or Chinese names (two columns
//! a character) do not overflow the line.

use std::fmt::Write as _;

use crate::report::model::{Category, MarketReadiness, Readiness};
use crate::report::present::{ATTESTED, MARK};
use crate::report::wrap::{width, wrap, wrap_hanging};

const WIDTH: usize = 80;
/// Where section items start: "  1. certifications  ".
const ITEM_INDENT: usize = 20;
/// Where a finding's wrapped lines continue.
const FINDING_INDENT: usize = 6;

pub fn render(r: &Readiness) -> String {
    let mut s = String::new();
    line(
        &mut s,
        &format!(
            "Trust readiness of {} ({}) on {}",
            r.brand.name, r.brand.id, r.at
        ),
        "",
    );
    let input = match r.input {
        "signed-envelope" => {
            "Input: signed envelope (signature not checked here; use trustctl verify)"
        }
        _ => "Input: unsigned manifest",
    };
    line(&mut s, input, "  ");
    if let Some(e) = &r.expires_at {
        let note = if r.input == "signed-envelope" {
            ""
        } else {
            " (a draft's: trustctl sign sets a new one)"
        };
        line(&mut s, &format!("Expires: {e}{note}"), "  ");
    }
    let a = &r.attestations;
    if a.embedded == 0 {
        line(&mut s, "Attestations: none embedded", "  ");
    } else {
        line(
            &mut s,
            &format!(
                "Attestations: {} embedded, {} read, {} dropped; {MARK} = {ATTESTED}",
                a.embedded,
                a.read,
                a.dropped.len()
            ),
            "  ",
        );
        for d in &a.dropped {
            line(
                &mut s,
                &format!("  dropped {}: {}", d.pointer, d.reason),
                "    ",
            );
        }
    }
    let e = &r.electronics;
    if e.detected {
        let mut why = Vec::new();
        if !e.marks.is_empty() {
            why.push(format!("marks {}", e.marks.join(", ")));
        }
        if !e.products.is_empty() {
            why.push(format!("products {}", e.products.join(", ")));
        }
        line(
            &mut s,
            &format!("Electronics: yes ({})", why.join("; ")),
            "  ",
        );
    } else {
        s.push_str("Electronics: no\n");
    }
    let scores: Vec<String> = r
        .markets
        .iter()
        // A no-break space: a market and its score stay on one line.
        .map(|m| format!("{}\u{a0}{}", m.market, m.score))
        .collect();
    line(&mut s, &format!("Scores: {}", scores.join(", ")), "  ");
    for m in &r.markets {
        s.push('\n');
        market(&mut s, m);
    }
    s
}

fn market(s: &mut String, m: &MarketReadiness) {
    let head = format!(
        "{} · score {}/100 · {} profile · reads {}",
        m.market,
        m.score,
        m.region,
        m.languages.join("/")
    );
    line(s, &head, "  ");
    s.push_str(&"=".repeat(WIDTH.min(width(&head).max(40))));
    s.push('\n');
    let order = if m.order == "override" {
        "the manifest's order"
    } else {
        "market profile"
    };
    let _ = writeln!(s, "Shoppers see, in this order ({order}):");
    let mut n = 0;
    for v in &m.sections {
        let label = if v.shown {
            n += 1;
            format!("  {n}. {}", v.section)
        } else {
            format!("  -  {}", v.section)
        };
        for (i, item) in v.items.iter().enumerate() {
            let text = if v.shown {
                item.clone()
            } else {
                format!("not shown: {item}")
            };
            let first = if i == 0 { label.as_str() } else { "" };
            hanging(s, first, ITEM_INDENT, &text);
        }
    }
    category(s, m, Category::Missing, "Missing");
    reviews(s, m);
    category(s, m, Category::Stale, "Stale");
}

fn reviews(s: &mut String, m: &MarketReadiness) {
    let h = &m.reviews;
    let mean = h.mean.map(|x| format!(", mean {x:.1}")).unwrap_or_default();
    line(
        s,
        &format!(
            "Reviews: {}, {} in {}, {} attested ({}%){mean}",
            h.count,
            h.in_market_languages,
            m.languages.join("/"),
            h.attested,
            h.attested_percent
        ),
        "  ",
    );
    if h.count > 0 {
        let hist: Vec<String> = (1..=5)
            .rev()
            .map(|stars| format!("{stars}* {}", h.histogram[stars - 1]))
            .collect();
        let langs: Vec<String> = h
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        line(s, &format!("  ratings: {}", hist.join(", ")), "    ");
        line(s, &format!("  languages: {}", langs.join(", ")), "    ");
        line(
            s,
            &format!(
                "  marked incentivised {}, insider {} (the widget labels each)",
                h.incentivized, h.insider
            ),
            "    ",
        );
    }
    for f in m
        .findings
        .iter()
        .filter(|f| f.category == Category::Reviews)
    {
        hanging(
            s,
            &format!("  -{:<2}", f.points),
            FINDING_INDENT,
            &format!("{}: {}", f.check, f.message),
        );
    }
}

fn category(s: &mut String, m: &MarketReadiness, c: Category, title: &str) {
    let found: Vec<_> = m.findings.iter().filter(|f| f.category == c).collect();
    if found.is_empty() {
        let _ = writeln!(s, "{title}: nothing");
        return;
    }
    let _ = writeln!(s, "{title}:");
    for f in found {
        // A lost score (an expired manifest) reads better as "all" than "-100".
        let points = if f.points >= 100 {
            "all".to_owned()
        } else {
            format!("-{}", f.points)
        };
        hanging(
            s,
            &format!("  {points:<3}"),
            FINDING_INDENT,
            &format!("{}: {}", f.check, f.message),
        );
    }
}

/// `first` then the text from column `indent`, continuation lines indented to it.
fn hanging(s: &mut String, first: &str, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let lead = if width(first) + 1 > indent {
        // A label wider than the indent (a long section name) gets its own line.
        let _ = writeln!(s, "{first}");
        pad.clone()
    } else {
        format!("{first}{}", " ".repeat(indent - width(first)))
    };
    for (i, l) in wrap(text, WIDTH - indent).iter().enumerate() {
        let _ = writeln!(s, "{}{l}", if i == 0 { &lead } else { &pad });
    }
}

/// One paragraph wrapped to 80 columns, its leading spaces kept, continuation
/// lines after `indent`.
fn line(s: &mut String, text: &str, indent: &str) {
    let body = text.trim_start_matches(' ');
    let lead = &text[..text.len() - body.len()];
    let lines = wrap_hanging(body, WIDTH - lead.len(), WIDTH - indent.len());
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(s, "{}{l}", if i == 0 { lead } else { indent });
    }
}
