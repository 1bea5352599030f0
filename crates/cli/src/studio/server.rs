//! One request at a time (one merchant, one browser): the gate first, then the
//! route. Pages and files are GETs; every change is a POST of JSON (or, for a
//! hash, of the file's bytes) answered with the new state: lint findings,
//! readiness, the preview's revision.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use tiny_http::{Header, Request, Response};

use super::draft::{Draft, Kind};
use super::gate::{Gate, Seen};
use super::i18n::Strings;
use super::preview::{self, Choices, Preview};
use super::widget::WidgetFiles;
use super::{page, spec};
use crate::claims::{ClaimArgs, ClaimCheck};

/// JSON bodies: far above any field, far below memory trouble.
const JSON_LIMIT: u64 = 1 << 20;
/// A document to hash: certificates are PDFs of a few MB.
const HASH_LIMIT: u64 = 64 << 20;

/// The page's CSP: its own script and style, the widget's wasm, no other host.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

pub struct Studio {
    pub gate: Gate,
    pub origin: String,
    pub draft: Draft,
    pub preview: Preview,
    pub widget: Option<WidgetFiles>,
    pub claims: ClaimCheck,
    pub claim_args: ClaimArgs,
    pub key: Option<PathBuf>,
    pub signed_out: PathBuf,
    pub expires_in: String,
}

struct Reply {
    status: u16,
    ty: &'static str,
    body: Vec<u8>,
}

fn reply(status: u16, ty: &'static str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        ty,
        body: body.into(),
    }
}

fn text(status: u16, body: impl Into<String>) -> Reply {
    reply(status, "text/plain; charset=utf-8", body.into())
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn get<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

impl Studio {
    pub fn handle(&mut self, mut req: Request) {
        let url = req.url().to_owned();
        let post = *req.method() == tiny_http::Method::Post;
        let seen = Seen {
            method_is_post: post,
            host: get(&req, "Host"),
            origin: get(&req, "Origin"),
            fetch_site: get(&req, "Sec-Fetch-Site"),
            url: &url,
        };
        let r = match self.gate.admit(&seen) {
            Err(refusal) => text(403, refusal.to_string()),
            Ok(rest) => {
                let rest = rest.to_owned();
                let (path, query) = rest.split_once('?').unwrap_or((&rest, ""));
                let accept = get(&req, "Accept-Language").map(str::to_owned);
                let ty = get(&req, "Content-Type").unwrap_or("").to_owned();
                match (post, path) {
                    (false, _) => self.get(path, query, accept.as_deref()),
                    (true, _) => match self.post(path, query, &ty, &mut req) {
                        Ok(r) => r,
                        Err(e) => reply(
                            422,
                            "application/json",
                            json!({ "error": format!("{e:#}") }).to_string(),
                        ),
                    },
                }
            }
        };
        let html = r.ty.starts_with("text/html");
        let mut response = Response::from_data(r.body)
            .with_status_code(r.status)
            .with_header(header("Content-Type", r.ty))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("Referrer-Policy", "no-referrer"))
            .with_header(header("X-Content-Type-Options", "nosniff"))
            .with_header(header("Cross-Origin-Resource-Policy", "same-origin"));
        if html {
            response = response
                .with_header(header("Content-Security-Policy", CSP))
                .with_header(header("X-Frame-Options", "SAMEORIGIN"));
        }
        let _ = req.respond(response);
    }

    fn get(&mut self, path: &str, query: &str, accept: Option<&str>) -> Reply {
        const HTML: &str = "text/html; charset=utf-8";
        const JS: &str = "text/javascript; charset=utf-8";
        const CSS: &str = "text/css; charset=utf-8";
        match path {
            "/" => {
                let lang = query.split('&').find_map(|p| p.strip_prefix("lang="));
                let s = Strings::pick(lang, accept);
                let file = self.draft.path.display().to_string();
                let input = page::PageInput {
                    doc: &self.draft.doc,
                    file: &file,
                    can_sign: self.key.is_some(),
                    has_widget: self.widget.is_some(),
                };
                reply(200, HTML, page::editor(&input, &s))
            }
            "/studio.js" => reply(200, JS, include_str!("assets/studio.js")),
            "/studio.css" => reply(200, CSS, include_str!("assets/studio.css")),
            "/preview.js" => reply(200, JS, include_str!("assets/preview.js")),
            "/preview.css" => reply(200, CSS, include_str!("assets/preview.css")),
            "/api/state" => self.state(),
            "/preview/" if self.widget.is_some() => {
                let c = Choices::from_query(query);
                reply(
                    200,
                    HTML,
                    preview::page(&c, &self.preview.public_key(), self.preview.sequence()),
                )
            }
            "/preview/manifest.json" => {
                reply(200, "application/json", self.preview.envelope.clone())
            }
            _ => match path
                .strip_prefix("/widget/")
                .and_then(|n| self.widget.as_ref()?.get(n))
            {
                Some((bytes, ty)) => reply(200, ty, bytes),
                None => text(404, "not found"),
            },
        }
    }

    fn post(&mut self, path: &str, query: &str, ty: &str, req: &mut Request) -> Result<Reply> {
        if path == "/api/hash" {
            let pointer = query
                .strip_prefix("pointer=")
                .map(percent_decode)
                .context("no pointer")?;
            if spec::field_at(&pointer).map(|f| f.control) != Some(spec::Control::Hash) {
                bail!("{pointer} is not a document's hash");
            }
            let bytes = body(req, HASH_LIMIT)?;
            let hash = trust_manifest::sha256_hex(&bytes);
            self.draft.set(&pointer, Some(json!(hash)))?;
            self.preview.sign(&self.draft.doc, &self.origin);
            let mut state = self.state_json();
            state["hash"] = json!(hash);
            return Ok(reply(200, "application/json", state.to_string()));
        }
        if !ty.starts_with("application/json") {
            bail!("expected a JSON body");
        }
        let v: Value =
            serde_json::from_slice(&body(req, JSON_LIMIT)?).context("the body is not JSON")?;
        let arg = |k: &str| {
            v[k].as_str()
                .map(str::to_owned)
                .with_context(|| format!("no {k}"))
        };
        match path {
            "/api/set" => {
                let pointer = arg("pointer")?;
                let field = spec::field_at(&pointer)
                    .with_context(|| format!("the form has no field {pointer}"))?;
                let kind = Kind::parse(field.control.kind()).expect("the spec's kinds parse");
                self.draft.set(&pointer, kind.value(&arg("value")?))?;
            }
            "/api/add" => {
                let list = arg("list")?;
                let item = spec::template(&list, self.draft.list(&list))
                    .with_context(|| format!("the form has no list {list}"))?;
                self.draft.add(&list, item)?;
            }
            "/api/remove" => {
                let pointer = arg("pointer")?;
                if !spec::is_item(&pointer) {
                    bail!("the form has no item {pointer}");
                }
                self.draft.remove(&pointer)?;
            }
            "/api/save" => {
                self.draft.save()?;
                let mut state = self.state_json();
                state["saved"] = json!(self.draft.path.display().to_string());
                return Ok(reply(200, "application/json", state.to_string()));
            }
            "/api/sign" => {
                let mut state = self.sign()?;
                state["dirty"] = json!(self.draft.dirty);
                return Ok(reply(200, "application/json", state.to_string()));
            }
            _ => bail!("no such action"),
        }
        self.changed()
    }

    /// After a change: sign the preview anew and answer with the state.
    fn changed(&mut self) -> Result<Reply> {
        self.preview.sign(&self.draft.doc, &self.origin);
        Ok(self.state())
    }

    fn state_json(&self) -> Value {
        let mut state = super::feedback::of(&self.draft.doc, &self.claims);
        state["preview"] = json!(self.preview.sequence());
        state["dirty"] = json!(self.draft.dirty);
        state
    }

    fn state(&self) -> Reply {
        reply(200, "application/json", self.state_json().to_string())
    }

    /// Saves, then signs the saved manifest with the brand key through `sign`'s
    /// own path (lint errors refuse), replacing the previous envelope, whose
    /// sequence and hash the new one continues.
    fn sign(&mut self) -> Result<Value> {
        let key = self
            .key
            .clone()
            .context("start the studio with --key to sign")?;
        self.draft.save()?;
        let secret = crate::io::read_secret_key(&key)?;
        let previous = self.signed_out.exists().then(|| self.signed_out.clone());
        let options = crate::sign::Options {
            expires_in: &self.expires_in,
            sequence: None,
            previous: previous.as_deref(),
            attach: &[],
            now: None,
            claims: &self.claim_args,
        };
        let what = self.draft.path.display().to_string();
        let signed = crate::sign::sign_document(self.draft.doc.clone(), &secret, &options, &what)?;
        super::draft::write_atomically(&self.signed_out, &crate::io::to_pretty(&signed.envelope))?;
        let mut state = self.state_json();
        state["signed"] = json!({
            "file": self.signed_out.display().to_string(),
            "sequence": signed.sequence,
            "expires": signed.expires_at.to_string(),
        });
        Ok(state)
    }
}

/// The request body, refused past `limit` bytes.
fn body(req: &mut Request, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    req.as_reader()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .context("cannot read the request")?;
    if bytes.len() as u64 > limit {
        bail!("the request is larger than {limit} bytes");
    }
    Ok(bytes)
}

/// `%2F` and friends, as `encodeURIComponent` writes them.
fn percent_decode(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
