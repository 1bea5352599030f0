//! `trustctl render` with hostile content: every line of `tests/hostile/naughty.txt`
//! as a review title, body and author, every line of `urls.txt` as a link, in every
//! view. The output must keep them as inert text: no element or attribute comes from
//! the manifest, every tag is closed in order, each string shows up exactly as text
//! (escaped), and no link or image points anywhere but a plain `https://` URL on a
//! public host.

use crate::support;

use std::path::Path;

use serde_json::json;
use support::html::{fragment_errors, is_stray_character};
use support::{scratch, trustctl};
use trust_manifest::{sign_envelope, SecretKey, MANIFEST_PAYLOAD_TYPE};

const NOW: &str = "2026-11-22T10:00:00Z";

fn lines(file: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/hostile")
        .join(file);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn brand_key() -> SecretKey {
    SecretKey::from_seed(&[7; 32])
}

/// A manifest whose reviews carry `strings` and whose links are `urls`, signed
/// with the library: `trustctl sign` would refuse the unsafe URLs (lint errors),
/// but a widget must stay safe whatever a brand signs.
fn signed(dir: &Path, strings: &[String], urls: &[String]) -> String {
    let reviews: Vec<_> = strings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut review = json!({
                "id": format!("r{i}"), "reviewRating": {"ratingValue": 1 + i % 5},
                "name": s, "reviewBody": s, "author": s, "inLanguage": "en", "market": "US",
                "datePublished": "2026-10-01"
            });
            // Every other review carries the brand's reply, hostile text included.
            if i % 2 == 0 {
                review["reply"] = json!({"body": format!("Reply #{i}: {s}"), "date": "2026-10-03"});
            }
            json!({"review": review})
        })
        .collect();
    let certifications: Vec<_> = urls
        .iter()
        .enumerate()
        .map(|(i, u)| {
            json!({"certification": {
                "id": format!("c{i}"), "name": format!("Cert {i}"), "scheme": "OEKO-TEX", "kind": "material",
                "issuedBy": {"name": "Lab", "url": u}, "url": u, "certificationIdentification": format!("N-{i}"),
                "validFrom": "2026-01-01", "expires": "2028-01-01"
            }})
        })
        .collect();
    let manifest = json!({
        "spec": "1",
        "issuer": {"id": "hostile", "name": "Hostile <b>brand</b>", "website": urls.first().map_or("https://hostile.example", String::as_str)},
        "issued_at": NOW, "expires_at": "2026-11-29T10:00:00Z", "sequence": 1,
        "certifications": certifications,
        "reviews": reviews,
        "policies": [{"applicableCountry": ["US"], "returns": {
            "returnPolicyCategory": "finite-window", "merchantReturnDays": 30, "returnFees": "free"
        }}]
    });
    let payload = serde_json::to_vec(&manifest).unwrap();
    let envelope = sign_envelope(MANIFEST_PAYLOAD_TYPE, &payload, &[&brand_key()]);
    std::fs::write(
        dir.join("signed.json"),
        serde_json::to_vec(&envelope).unwrap(),
    )
    .unwrap();
    "signed.json".to_owned()
}

fn render(dir: &Path, envelope: &str, view: &str) -> String {
    let key = brand_key().public().to_string();
    let (code, html, err) = trustctl(
        dir,
        &[
            "render", "--key", &key, "--now", NOW, "--view", view, "--market", "US", "--locale",
            "en", envelope,
        ],
    );
    assert_eq!(code, 0, "{view}: {err}");
    html
}

/// What text content `s` becomes in the output: `&`, `<` and `>` escaped.
fn as_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn hostile_strings_stay_text_in_every_view() {
    let naughty = lines("naughty.txt");
    let dir = scratch("render-naughty");
    // The reviews view shows its first window of 30 reviews: 20 strings at a time.
    for chunk in naughty.chunks(20) {
        let envelope = signed(&dir, chunk, &[]);
        for view in ["summary", "certifications", "reviews", "returns", "full"] {
            let html = render(&dir, &envelope, view);
            assert_well_formed(&html, view);
            if view == "reviews" || view == "full" {
                for (i, s) in chunk.iter().enumerate() {
                    assert!(
                        html.contains(&as_text(s)),
                        "{view}: {s:?} is not in the output as text"
                    );
                    let reply = format!("Reply #{i}: {s}");
                    assert_eq!(
                        html.contains(&as_text(&reply)),
                        i % 2 == 0,
                        "{view}: the reply {reply:?} is not in the output as text"
                    );
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unsafe_urls_never_become_links() {
    let urls = lines("urls.txt");
    let dir = scratch("render-urls");
    let envelope = signed(&dir, &["fine".to_owned()], &urls);
    for view in ["certifications", "full"] {
        let html = render(&dir, &envelope, view);
        assert_well_formed(&html, view);
        for attr in [" href=\"", " src=\""] {
            for (i, _) in html.match_indices(attr) {
                let value = &html[i + attr.len()..];
                assert!(
                    value.starts_with("https://") && !value.starts_with("https:///"),
                    "{view}: {attr} {:?}",
                    &value[..value.len().min(60)]
                );
                // Not one of the corpus either (https on the shopper's own network,
                // user information before the host).
                let value = value[..value.find('"').unwrap_or(value.len())]
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&");
                assert!(
                    !urls.contains(&value),
                    "{view}: a hostile URL became a link or image: {value}"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_brand_reply_is_shown_apart_and_labelled_as_the_brands() {
    let dir = scratch("render-reply");
    let envelope = signed(&dir, &["Pegs bent on day one.".to_owned()], &[]);
    let html = render(&dir, &envelope, "reviews");
    let reply = html
        .split("<div class=\"tw-card-reply\">")
        .nth(1)
        .expect("the reply block");
    let reply = &reply[..reply.find("</div>").unwrap()];
    assert!(reply.contains("Reply from the brand"), "{reply}");
    assert!(reply.contains("<time datetime=\"2026-10-03\">"), "{reply}");
    assert!(reply.contains("Reply #0: Pegs bent on day one."), "{reply}");
    // The reviewer's own text is not inside the brand's block.
    assert!(!reply.contains("tw-author"), "{reply}");
    let key = brand_key().public().to_string();
    let (code, de, err) = trustctl(
        &dir,
        &[
            "render", "--key", &key, "--now", NOW, "--view", "reviews", "--market", "DE",
            "--locale", "de", &envelope,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(de.contains("Antwort der Marke"), "{de}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_tampered_envelope_renders_nothing() {
    let dir = scratch("render-tampered");
    let envelope = signed(&dir, &["fine".to_owned()], &[]);
    let mut env: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(&envelope)).unwrap()).unwrap();
    let payload = env["payload"].as_str().unwrap().to_owned();
    let mut bytes = payload.into_bytes();
    let mid = bytes.len() / 2;
    bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
    env["payload"] = String::from_utf8(bytes).unwrap().into();
    std::fs::write(dir.join("tampered.json"), serde_json::to_vec(&env).unwrap()).unwrap();
    let key = brand_key().public().to_string();
    let (code, out, err) = trustctl(
        &dir,
        &[
            "render",
            "--key",
            &key,
            "--now",
            NOW,
            "--market",
            "US",
            "--locale",
            "en",
            "tampered.json",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(err.starts_with("error: signature-invalid: "), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

/// One `<trust-widget>` element with one declarative shadow root, no `<script`, and
/// the whole output, stylesheet included, read by an HTML5 parser without an error
/// (`support::html`) but stray characters: control characters in a review's text
/// reach the static HTML as themselves, as they reach the live widget's DOM, and
/// a parser reports each one and keeps it as text.
fn assert_well_formed(html: &str, view: &str) {
    let html = html.trim_end();
    assert!(html.starts_with("<trust-widget manifest=\""), "{view}");
    assert!(html.ends_with("</div></template></trust-widget>"), "{view}");
    assert_eq!(html.matches("<template").count(), 1, "{view}");
    assert!(!html.to_ascii_lowercase().contains("<script"), "{view}");
    let errors: Vec<String> = fragment_errors(html)
        .into_iter()
        .filter(|e| !is_stray_character(e))
        .collect();
    assert!(errors.is_empty(), "{view}: HTML parse errors: {errors:#?}");
}
