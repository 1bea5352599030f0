//! `trustctl render`: the widget's view as static HTML, for the page's server-side
//! markup: shown without JavaScript, read by crawlers, and replaced by the live
//! widget on load without a layout shift.
//!
//! The envelope is verified first, exactly as `trustctl verify` does; the markup
//! comes from the widget's own view components (`trust_views::render_static`),
//! so it is what the widget renders, formatted with the same CLDR data.

use std::path::PathBuf;

use anyhow::Result;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use trust_manifest::VerifiedManifest;
use trust_views::{render_static, StaticOptions, Theme, View};

use crate::exit::rejected;
use crate::io;

const AFTER: &str = "\
The envelope is verified first, exactly as `trustctl verify` does; on failure
nothing is printed but `error: <reason-code>: <message>` on stderr, exit status 1.

The output is one <trust-widget> element whose declarative shadow root holds the
widget's stylesheet and the view, rendered by the widget's own components. Put it
in the page where the widget goes, and keep the widget's script tag on the page
(loader.js defines <trust-widget>): on load the widget verifies the manifest
itself and swaps its live view in, with no layout shift; if verification fails
there, the static content is removed too. Re-render whenever the manifest is
re-signed, and at least before it expires.

Examples:
  trustctl render --key brand.pub --view reviews --market DE --locale de trust-manifest.json
  trustctl render --key brand.pub --trust attesters.json --attesters-url /attesters.json \\
      --view full --market JP --locale ja --product tent-2p trust-manifest.json -o widget.html";

/// Print a view as static HTML (no-JavaScript fallback, crawlable) for the page.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    #[command(flatten)]
    inputs: crate::verify::Inputs,
    /// The view, as the widget's `view` option.
    #[arg(long, default_value = "full", value_parser = names(&View::NAMES, View::parse))]
    view: View,
    /// The shopper's market (ISO 3166-1 alpha-2), as the widget's `market` option.
    #[arg(long, value_name = "CC", value_parser = parse_market)]
    market: String,
    /// The shopper's language (BCP 47), as the widget's `locale` option.
    #[arg(long, value_name = "BCP47", value_parser = parse_locale)]
    locale: String,
    /// Show this product's claims (its id, SKU or handle), as the widget's `product`.
    #[arg(long, value_name = "ID|SKU|HANDLE")]
    product: Option<String>,
    /// The widget's `theme` option.
    #[arg(long, default_value = "auto", value_parser = names(&Theme::NAMES, Theme::parse))]
    theme: Theme,
    /// Show expired certificates, marked expired (the widget's `show-expired`).
    #[arg(long)]
    show_expired: bool,
    /// The manifest's URL on the site, which the live widget fetches.
    #[arg(
        long,
        value_name = "URL",
        default_value = "/.well-known/trust-manifest.json"
    )]
    manifest_url: String,
    /// The attester trust list's URL on the site (the live widget's `attesters`);
    /// give the same list with --trust.
    #[arg(long, value_name = "URL")]
    attesters_url: Option<String>,
    /// The origin of the page the HTML goes into (`http://127.0.0.1:8080`): on a
    /// loopback page, as in local development, images from that origin show, as
    /// the live widget shows them there. Without it: a shop's public page, where
    /// only https images on public hosts show.
    #[arg(long, value_name = "ORIGIN")]
    page_origin: Option<String>,
    /// Write the HTML here instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// A flag that takes the names the options table gives a value (`View::NAMES`):
/// clap lists them in the help and refuses any other, as the widget does.
fn names<T: Clone + Send + Sync + 'static>(
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(names.iter().copied())
        .map(move |name| parse(&name).expect("clap passes only the listed names"))
}

fn parse_market(s: &str) -> Result<String, String> {
    let ok = s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
    ok.then(|| s.to_ascii_uppercase())
        .ok_or_else(|| format!("{s:?} is not an ISO 3166-1 alpha-2 country code"))
}

fn parse_locale(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && s.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    ok.then(|| s.to_owned())
        .ok_or_else(|| format!("{s:?} is not a BCP 47 language tag"))
}

pub fn run(args: Args) -> Result<()> {
    let verified: VerifiedManifest = args.inputs.verify()?.map_err(rejected)?;
    if let Some(p) = &args.product {
        if verified.product(p).is_none() {
            eprintln!(
                "note: no product {p:?} in the manifest (by id, SKU or handle): \
                 the widget shows brand-wide claims only"
            );
        }
    }
    // Pin the key that signed, as the widget's `key`; with a key set (--keys) the
    // widget fetches the set itself, as it does without `key`.
    let key = (!args.inputs.uses_key_set()).then(|| verified.signer().to_string());
    let options = StaticOptions {
        manifest_url: args.manifest_url,
        key,
        attesters_url: args.attesters_url,
        view: args.view,
        market: args.market,
        locale: args.locale,
        product: args.product,
        theme: args.theme,
        show_expired: args.show_expired,
        page_origin: args.page_origin,
    };
    let mut html = render_static(verified, &options);
    html.push('\n');
    io::write_output(args.output.as_deref(), html.as_bytes())?;
    if let Some(hash) = style_hash(&html) {
        eprintln!("under a strict Content-Security-Policy, allow the <style> element with style-src '{hash}'");
    }
    Ok(())
}

/// The CSP source of the static `<style>` element's text (`'sha256-…'` hashes
/// exactly the element's text, which `<style>` never escapes). It changes only
/// with the widget's stylesheet.
fn style_hash(html: &str) -> Option<String> {
    let start = html.find("<style>")? + "<style>".len();
    let end = start + html[start..].find("</style>")?;
    let hex = trust_manifest::sha256_hex(&html.as_bytes()[start..end]);
    let digest: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("sha256_hex is hex"))
        .collect();
    Some(format!("sha256-{}", trust_manifest::encode_base64(&digest)))
}
