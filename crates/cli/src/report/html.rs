//! The HTML format of `trustctl report`: one self-contained page a merchant can
//! open or send on. Inline CSS, inline SVG, no scripts, no external assets (it
//! must render offline, opened from a file or a mail attachment).
//! Every string from the manifest passes through `esc`.

use std::fmt::Write as _;

use crate::report::model::{MarketReadiness, Readiness, ReviewHealth};
use crate::report::present::{ATTESTED, MARK};

const STYLE: &str = "
:root{color-scheme:light;--ink:#1d2430;--muted:#5b6573;--line:#d9dee5;--good:#1f7a4d;--fair:#9a6700;--poor:#b42318}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK JP','Hiragino Sans','Yu Gothic','Microsoft YaHei','Malgun Gothic',sans-serif;color:var(--ink);background:#f6f7f9}
header,main{max-width:1040px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:20px;margin:0 0 4px;display:flex;gap:12px;align-items:baseline}
.meta{color:var(--muted);margin:0 0 12px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{font-size:13px;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.key{white-space:nowrap}
ul{margin:0;padding-left:18px}
.score{font-weight:700}
.good{color:var(--good)}.fair{color:var(--fair)}.poor{color:var(--poor)}
.hidden td{color:var(--muted)}
.pts{font-weight:700;color:var(--poor);white-space:nowrap}
.reviews{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.reviews table{width:auto;min-width:320px;flex:1}
.note{color:var(--muted);font-size:13px}
";

/// The empty `data:` icon keeps browsers from asking a server for /favicon.ico.
pub fn render(r: &Readiness) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>Trust readiness: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&r.brand.name)
    );
    header(&mut s, r);
    s.push_str("<main>\n");
    overview(&mut s, r);
    for m in &r.markets {
        market(&mut s, m);
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

fn header(s: &mut String, r: &Readiness) {
    let input = if r.input == "signed-envelope" {
        "signed envelope (signature not checked here; use trustctl verify)"
    } else {
        "unsigned manifest"
    };
    let _ = write!(
        s,
        "<header>\n<h1>Trust readiness of {}</h1>\n<p class=\"meta\">{} · judged on {} · {}",
        esc(&r.brand.name),
        esc(&r.brand.id),
        esc(&r.at),
        input
    );
    if let Some(e) = &r.expires_at {
        let _ = write!(s, " · expires {}", esc(e));
    }
    let a = &r.attestations;
    let _ = writeln!(
        s,
        " · attestations: {} embedded, {} read, {} dropped</p>",
        a.embedded,
        a.read,
        a.dropped.len()
    );
    if a.read > 0 {
        let _ = writeln!(s, "<p class=\"note\">{MARK} = {ATTESTED}</p>");
    }
    if !a.dropped.is_empty() {
        s.push_str("<ul class=\"note\">\n");
        for d in &a.dropped {
            let _ = writeln!(
                s,
                "<li>dropped {}: {}</li>",
                esc(&d.pointer),
                esc(&d.reason)
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</header>\n");
}

fn overview(s: &mut String, r: &Readiness) {
    s.push_str("<section>\n<h2>Scores</h2>\n<table>\n<thead><tr><th>Market</th><th>Profile</th><th class=\"num\">Score</th><th>Points lost to</th></tr></thead>\n<tbody>\n");
    for m in &r.markets {
        let lost: Vec<String> = m
            .findings
            .iter()
            .filter(|f| f.points > 0)
            .map(|f| format!("{} −{}", f.check, f.points.min(100)))
            .collect();
        let _ = writeln!(
            s,
            "<tr><td><a href=\"#m-{code}\">{code}</a></td><td class=\"key\">{}</td><td class=\"num score {}\">{}</td><td>{}</td></tr>",
            m.region,
            grade(m.score),
            m.score,
            esc(&lost.join(", ")),
            code = esc(&m.market),
        );
    }
    s.push_str("</tbody>\n</table>\n");
    let e = &r.electronics;
    if e.detected {
        let why: Vec<String> = e.marks.iter().chain(&e.products).cloned().collect();
        let _ = writeln!(
            s,
            "<p class=\"note\">Electronics: yes ({}).</p>",
            esc(&why.join(", "))
        );
    }
    s.push_str("</section>\n");
}

fn grade(score: u32) -> &'static str {
    match score {
        80.. => "good",
        50.. => "fair",
        _ => "poor",
    }
}

fn market(s: &mut String, m: &MarketReadiness) {
    let code = esc(&m.market);
    let order = if m.order == "override" {
        "the manifest's own section order"
    } else {
        "the market profile's section order"
    };
    let _ = write!(
        s,
        "<section id=\"m-{code}\">\n<h2>{code} <span class=\"score {}\">{}/100</span></h2>\n\
         <p class=\"meta\">{} profile · shoppers read {} · {order}</p>\n",
        grade(m.score),
        m.score,
        m.region,
        esc(&m.languages.join(", "))
    );
    s.push_str("<table>\n<caption>What shoppers see, in this order</caption>\n<thead><tr><th class=\"num\">#</th><th>Section</th><th>Shows</th></tr></thead>\n<tbody>\n");
    let mut n = 0;
    for v in &m.sections {
        let (class, num) = if v.shown {
            n += 1;
            ("", n.to_string())
        } else {
            (" class=\"hidden\"", "–".to_owned())
        };
        let _ = write!(
            s,
            "<tr{class}><td class=\"num\">{num}</td><td class=\"key\">{}</td><td><ul>",
            v.section
        );
        for item in &v.items {
            let text = if v.shown {
                esc(item)
            } else {
                format!("not shown: {}", esc(item))
            };
            let _ = write!(s, "<li>{text}</li>");
        }
        s.push_str("</ul></td></tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    findings(s, m);
    reviews(s, &m.reviews, m);
    s.push_str("</section>\n");
}

fn findings(s: &mut String, m: &MarketReadiness) {
    if m.findings.is_empty() {
        s.push_str("<p>Nothing missing, stale or weak: full score.</p>\n");
        return;
    }
    s.push_str("<table>\n<caption>What costs points</caption>\n<thead><tr><th class=\"num\">Points</th><th>Kind</th><th>Check</th><th>Why</th></tr></thead>\n<tbody>\n");
    for f in &m.findings {
        let points = if f.points >= 100 {
            "all".to_owned()
        } else {
            format!("−{}", f.points)
        };
        let _ = writeln!(
            s,
            "<tr><td class=\"num pts\">{points}</td><td>{}</td><td class=\"key\">{}</td><td>{}</td></tr>",
            f.category.as_str(),
            f.check,
            esc(&f.message)
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn reviews(s: &mut String, h: &ReviewHealth, m: &MarketReadiness) {
    let mean = h.mean.map_or("–".to_owned(), |x| format!("{x:.1}"));
    let langs: Vec<String> = h
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let rows = [
        ("Reviews", h.count.to_string()),
        (
            "In the market's languages",
            format!("{} ({})", h.in_market_languages, m.languages.join(", ")),
        ),
        ("Languages", langs.join(", ")),
        (
            "Attested by a collector",
            format!("{} ({}%)", h.attested, h.attested_percent),
        ),
        ("Mean stars", mean),
        (
            "Marked incentivised / insider",
            format!(
                "{} / {} (the widget labels each)",
                h.incentivized, h.insider
            ),
        ),
        (
            "Possibly unlabelled",
            if h.possibly_unlabelled.is_empty() {
                "none".to_owned()
            } else {
                h.possibly_unlabelled.join(", ")
            },
        ),
        ("Newest", h.newest.clone().unwrap_or_else(|| "–".into())),
    ];
    s.push_str("<div class=\"reviews\">\n<table>\n<caption>Review health</caption>\n<tbody>\n");
    for (k, v) in rows {
        let _ = writeln!(s, "<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
    }
    s.push_str("</tbody>\n</table>\n");
    histogram(s, &h.histogram, &m.market);
    s.push_str("</div>\n");
}

/// A horizontal bar per star rating, 5 stars on top, as shoppers read them.
fn histogram(s: &mut String, hist: &[usize; 5], market: &str) {
    const BAR: f64 = 160.0;
    let max = hist.iter().copied().max().unwrap_or(0).max(1) as f64;
    let label: Vec<String> = (1..=5)
        .rev()
        .map(|k| format!("{k} stars: {}", hist[k - 1]))
        .collect();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"260\" height=\"130\" viewBox=\"0 0 260 130\" role=\"img\" aria-label=\"Rating histogram for {}: {}\">",
        esc(market),
        label.join(", ")
    );
    for (row, stars) in (1..=5).rev().enumerate() {
        let n = hist[stars - 1];
        let y = 8 + row * 24;
        let w = (n as f64 / max * BAR).round();
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"#1d2430\">{stars}★</text>\
             <rect x=\"30\" y=\"{y}\" width=\"{BAR}\" height=\"16\" fill=\"#eef0f3\"></rect>\
             <rect x=\"30\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"#e0a100\"></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#1d2430\">{n}</text>",
            y + 13,
            30.0 + BAR + 8.0,
            y + 13
        );
    }
    s.push_str("</svg>\n");
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are parse errors in HTML (and terminal escapes in
            // a manifest are a trick, not text): a space, as in the text format.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            // Noncharacters are parse errors too.
            c if is_noncharacter(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// U+FDD0..U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let c = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&c) || c & 0xFFFE == 0xFFFE
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn control_characters_and_noncharacters_do_not_pass() {
        assert_eq!(esc("a\u{1b}[31mb\u{7f}\u{85}c"), "a [31mb  c");
        assert_eq!(esc("line\n\tnext\r"), "line\n\tnext\r");
        assert_eq!(
            esc("\u{fdd0}\u{fffe}\u{10ffff}\u{fffd}"),
            "\u{fffd}\u{fffd}\u{fffd}\u{fffd}"
        );
    }
}
