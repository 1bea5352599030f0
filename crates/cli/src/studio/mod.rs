//! `trustctl studio`: a local editor for the manifest, served on 127.0.0.1
//! only, with the real widget previewing a freshly signed draft beside the form.
//! `gate.rs` who may ask (host, origin, session secret), `server.rs` the routes,
//! `draft.rs` the document and saving, `spec.rs` the form as data, `form.rs` and
//! `page.rs` its HTML, `feedback.rs` lint and readiness, `preview.rs` the preview
//! key and page, `widget.rs` the widget's built files, `i18n.rs` the UI strings,
//! `assets/` the page's script and style.

mod draft;
mod feedback;
mod form;
mod gate;
pub mod i18n;
mod page;
mod preview;
mod server;
mod spec;
mod widget;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::claims::ClaimArgs;

const AFTER: &str = "\
Opens the studio in the browser: company facts, products, certifications (the
issuer's lookup link, evidence documents hashed from a file you pick), returns,
shipping and duties per market, limitations, evidence media and media mentions,
with lint problems and the readiness report beside the fields, and the real
widget beside the form for any market, language, view and theme, verifying the
draft signed with a throwaway preview key. \"Save manifest\" writes MANIFEST.json;
\"Sign\" saves, then signs it with --key (as `trustctl sign` does) into --signed.

Serves 127.0.0.1 only; answers only the address it prints (which carries a session
secret), from its own pages: requests with another Host or Origin are refused.
The preview needs the widget's built files (`cargo xtask build` writes target/www;
or --widget DIR); without them the studio edits, lints, saves and signs.

Examples:
  trustctl studio manifest.json
  trustctl studio --key brand.key --port 7474 manifest.json
  trustctl studio --no-open --port 0 --widget target/www manifest.json";

/// Edit the manifest in a local web studio with a live, verified widget preview.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER)]
pub struct Args {
    /// The unsigned manifest to edit (started empty when the file does not exist).
    #[arg(value_name = "MANIFEST.json", default_value = "manifest.json")]
    manifest: PathBuf,
    /// Port on 127.0.0.1 (0: a free one).
    #[arg(long, value_name = "N", default_value_t = 7474)]
    port: u16,
    /// Print the address instead of opening the browser.
    #[arg(long)]
    no_open: bool,
    /// The brand's secret key, for "Sign" (without it the studio does not sign).
    #[arg(long, value_name = "NAME.key")]
    key: Option<PathBuf>,
    /// Where "Sign" writes the envelope [default: trust-manifest.json beside MANIFEST.json]
    #[arg(long, value_name = "OUT")]
    signed: Option<PathBuf>,
    /// Validity of what "Sign" signs: e.g. 7d (at most 90d).
    #[arg(long, value_name = "DURATION", default_value = "7d")]
    expires_in: String,
    /// The widget's built files (loader.js, manifest.json) [default: the repository's target/www]
    #[arg(long, value_name = "DIR")]
    widget: Option<PathBuf>,
    #[command(flatten)]
    claims: ClaimArgs,
}

pub fn run(args: Args) -> Result<()> {
    // Checked now rather than at the first "Sign", which would be the first to say.
    trust_manifest::parse_duration(&args.expires_in).with_context(|| {
        format!(
            "--expires-in {:?} is not a duration; write e.g. 7d, 36h or 90m",
            args.expires_in
        )
    })?;
    let draft = draft::Draft::open(&args.manifest)?;
    let widget = widget::WidgetFiles::find(args.widget.as_deref())?;
    let claims = feedback::claims(&args.claims)?;
    let server = tiny_http::Server::http(("127.0.0.1", args.port)).map_err(|e| {
        anyhow::anyhow!(
            "cannot listen on 127.0.0.1:{}: {e} (choose another with --port; 0 picks a free one)",
            args.port
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?
        .port();
    let gate = gate::Gate::new(port, gate::Gate::random_secret()?);
    let address = gate.address();
    let signed_out = args.signed.clone().unwrap_or_else(|| {
        args.manifest
            .parent()
            .unwrap_or_else(|| std::path::Path::new(""))
            .join("trust-manifest.json")
    });
    let mut studio = server::Studio {
        gate,
        origin: format!("http://127.0.0.1:{port}"),
        draft,
        preview: preview::Preview::new()?,
        widget,
        claims,
        claim_args: args.claims.clone(),
        key: args.key.clone(),
        signed_out,
        expires_in: args.expires_in.clone(),
    };
    studio.preview.sign(&studio.draft.doc, &studio.origin);

    match &studio.widget {
        Some(w) => eprintln!("preview: the widget built in {}", w.dir.display()),
        None => eprintln!("preview: off (no widget build found: run `cargo xtask build` in the repository, or pass --widget DIR)"),
    }
    if studio.key.is_none() {
        eprintln!("signing: off (start with --key brand.key to sign)");
    }
    // stdout carries the address only, for scripts (and the tests) to read.
    println!("{address}");
    std::io::stdout().flush().context("cannot write stdout")?;
    if !args.no_open {
        open_browser(&address);
    }
    eprintln!("studio: {address} (Ctrl-C stops it; save first)");
    for request in server.incoming_requests() {
        studio.handle(request);
    }
    Ok(())
}

/// Opens the address in the desktop's browser; a failure only says so.
fn open_browser(address: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![address])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", address])
    } else {
        ("xdg-open", vec![address])
    };
    let opened = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("could not start {program}: open the address below in your browser");
    }
}
