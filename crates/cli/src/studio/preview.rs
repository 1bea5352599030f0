//! The preview: the draft signed with a throwaway key made when the studio
//! starts (in memory only, never written), pinned in the preview page's embed
//! and nowhere else, and the real widget (the built loader, glue and wasm)
//! verifying it. So the preview passes through every check a shopper's browser
//! makes: a draft the widget would refuse shows nothing here either, with the
//! reason code.
//!
//! Only what signing itself fills is filled: `spec` when missing, `issued_at`
//! now, `expires_at` a day later, a `sequence` that rises with every preview
//! (the widget remembers the highest per key, in this origin's storage), and the
//! studio's own origin added to `allowed_origins`, because the preview page is
//! served from 127.0.0.1, not the shop.

use serde_json::{json, Value};
use trust_manifest::{sign_envelope, SecretKey, MANIFEST_PAYLOAD_TYPE};
use trust_views::{Theme, View};

use crate::report::html::esc;

pub struct Preview {
    key: SecretKey,
    sequence: u64,
    /// The envelope the preview page's widget fetches.
    pub envelope: Vec<u8>,
}

impl Preview {
    pub fn new() -> anyhow::Result<Preview> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed)
            .map_err(|e| anyhow::anyhow!("the operating system's random source failed: {e}"))?;
        let key = SecretKey::from_seed(&seed);
        seed.fill(0);
        Ok(Preview {
            key,
            sequence: 0,
            envelope: Vec::new(),
        })
    }

    /// The pinned key, as `data-key` takes it.
    pub fn public_key(&self) -> String {
        self.key.public().to_string()
    }

    /// Signs the draft as it is now for the preview (`origin`: the studio's).
    pub fn sign(&mut self, draft: &Value, origin: &str) {
        let mut doc = draft.clone();
        self.sequence += 1;
        if let Value::Object(map) = &mut doc {
            let now = crate::io::now();
            map.entry("spec").or_insert(json!("1"));
            map.insert("issued_at".into(), json!(now.to_string()));
            map.insert(
                "expires_at".into(),
                json!(now.plus_seconds(86_400).to_string()),
            );
            map.insert("sequence".into(), json!(self.sequence));
            map.remove("previous");
            if let Some(Value::Object(issuer)) = map.get_mut("issuer") {
                let origins = issuer.entry("allowed_origins").or_insert_with(|| json!([]));
                if let Value::Array(list) = origins {
                    list.push(json!(origin));
                }
            }
        }
        let payload = serde_json::to_vec(&doc).expect("JSON values always serialise");
        let envelope = sign_envelope(MANIFEST_PAYLOAD_TYPE, &payload, &[&self.key]);
        self.envelope = crate::io::to_pretty(&envelope);
    }

    pub fn sequence(&self) -> u64 {
        self.sequence
    }
}

/// The preview page's choices, from its query string; anything else is ignored.
#[derive(Debug, Default)]
pub struct Choices {
    pub market: String,
    pub locale: String,
    pub view: String,
    pub theme: String,
    pub product: String,
}

impl Choices {
    pub fn from_query(query: &str) -> Choices {
        let mut c = Choices::default();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            // Only values made of these characters are taken: they are all the
            // choices are made of (codes, tags, names, product ids).
            if !v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            {
                continue;
            }
            let v = v.to_owned();
            match k {
                "market" if crate::iso_codes::is_country(&v) => c.market = v.to_ascii_uppercase(),
                "locale" if super::i18n::tags().any(|t| t == v) => c.locale = v,
                "view" if View::parse(&v).is_some() => c.view = v,
                "theme" if Theme::parse(&v).is_some() => c.theme = v,
                "product" => c.product = v,
                _ => {}
            }
        }
        c
    }
}

/// The page inside the preview frame: a `<trust-widget>` and the built loader
/// with the preview key pinned. The editor then changes the element's
/// attributes (a new `manifest` URL per revision, the market, language, view,
/// theme, product), which remounts the widget without reloading the page or the
/// wasm; `preview.js` reports each outcome.
pub fn page(c: &Choices, key: &str, rev: u64) -> String {
    let attr = |name: &str, v: &str| {
        if v.is_empty() {
            String::new()
        } else {
            format!(" {name}=\"{}\"", esc(v))
        }
    };
    let lang = if c.locale.is_empty() { "en" } else { &c.locale };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Preview</title>\n\
         <link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"../preview.css\">\n\
         <script type=\"module\" src=\"../preview.js\"></script>\n</head>\n<body{theme}>\n<main>\n\
         <h1 id=\"title\">Preview</h1>\n<p id=\"outcome\" role=\"status\"></p>\n\
         <trust-widget id=\"widget\" manifest=\"manifest.json?rev={rev}\" key=\"{key}\"{view}{market}{locale}{wtheme}{product}></trust-widget>\n</main>\n\
         <script async src=\"../widget/loader.js\" data-manifest=\"manifest.json\" data-key=\"{key}\"></script>\n\
         </body>\n</html>\n",
        theme = if c.theme == "dark" { " class=\"dark\"" } else { "" },
        view = attr("view", &c.view),
        market = attr("market", &c.market),
        locale = attr("locale", &c.locale),
        wtheme = attr("theme", &c.theme),
        product = attr("product", &c.product),
        key = esc(key),
    )
}
