//! The demo mailbox's page: what the collector sent to the SMTP server the demo runs.

use crate::http::escape;

/// The mailbox page: every message, newest first, links clickable.
pub(super) fn mailbox_page(mails: &[crate::mailbox::Mail]) -> String {
    let mut items = String::new();
    for (n, mail) in mails.iter().enumerate().rev() {
        items.push_str(&format!(
            "<article class=\"mail\" aria-labelledby=\"mail-{n}\"><h2 id=\"mail-{n}\">{}</h2>\
             <p>To: {} · Language: {}</p><pre>{}</pre></article>\n",
            escape(&mail.subject()),
            escape(&mail.to.join(", ")),
            escape(&mail.header("Content-Language").unwrap_or_default()),
            linkify(&mail.text()),
        ));
    }
    let (refresh, intro) = if mails.is_empty() {
        (
            "<meta http-equiv=\"refresh\" content=\"2\">",
            "No mail yet. <a href=\"/loop/\">Simulate an order</a>; the invitation arrives \
             within a few seconds (this page reloads until it does).",
        )
    } else {
        (
            "",
            "Everything the collector sent, newest first. Nothing here left this machine.",
        )
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{refresh}\
         <title>Demo mailbox</title><link rel=\"icon\" href=\"data:,\">\
         <link rel=\"stylesheet\" href=\"/demo.css\"></head>\n<body><main>\
         <h1>Demo mailbox</h1><p>{intro} Back to the <a href=\"/loop/\">product page</a>.</p>\n\
         {items}</main></body></html>\n"
    )
}

/// Escaped text with its http(s) URLs as links.
fn linkify(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for (j, line) in word.split('\n').enumerate() {
            if j > 0 {
                out.push('\n');
            }
            if line.starts_with("http://") || line.starts_with("https://") {
                out.push_str(&format!("<a href=\"{0}\">{0}</a>", escape(line)));
            } else {
                out.push_str(&escape(line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_are_escaped_and_clickable() {
        assert_eq!(
            super::linkify("Write it:\nhttp://127.0.0.1:8080/r/abc <b>"),
            "Write it:\n<a href=\"http://127.0.0.1:8080/r/abc\">http://127.0.0.1:8080/r/abc</a> &lt;b&gt;"
        );
    }
}
