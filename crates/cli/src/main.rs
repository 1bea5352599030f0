//! `trustctl`: the brand's back office for trust manifests. Keys, signing,
//! verification, lint, per-market readiness reports, third-party attestations
//! and the JSON Schema.
//!
//! Exit status is a contract (scripts and the xtask demo rely on it):
//! 0 success, 1 verification or lint failure, 2 usage or I/O error; and for
//! `verify --warn-expiring` only, 3: verified, but expiring within the window.

mod attest;
mod audit;
mod claims;
mod exit;
mod import;
mod io;
mod iso_codes;
mod jsonld;
mod keygen;
mod keys;
mod lint;
mod paginate;
mod publish;
mod render;
mod report;
mod schema;
mod sign;
mod studio;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  trustctl keygen --out brand
  trustctl sign --key brand.key --expires-in 7d manifest.json -o trust-manifest.json
  trustctl verify --key brand.pub trust-manifest.json
  trustctl lint manifest.json
  trustctl report --market DE --market JP manifest.json
  trustctl import --from judgeme --language en reviews.csv manifest.json -o manifest.json
  trustctl publish --key brand.key --manifest manifest.json --out site --renew-before 2d
  trustctl studio --key brand.key manifest.json
  trustctl audit https://collector.example/log/ --key 'collector.example/log+…' --json

Exit status: 0 success, 1 verification or lint failure, 2 usage or I/O error,
3 (verify --warn-expiring) verified but expiring soon.";

/// Sign, verify and lint trust manifests for the Trust Widget.
#[derive(Debug, Parser)]
#[command(name = "trustctl", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Keygen(keygen::Args),
    Sign(sign::Args),
    Verify(verify::Args),
    Lint(lint::Args),
    Report(report::Args),
    Attest(attest::Args),
    Pages(paginate::Args),
    Keys(keys::Args),
    Schema(schema::Args),
    Jsonld(jsonld::Args),
    Render(render::Args),
    Import(import::Args),
    Publish(publish::Args),
    Studio(studio::Args),
    Audit(audit::Args),
}

fn main() -> ExitCode {
    // clap prints usage errors and exits 2 itself, and exits 0 for --help/--version.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Keygen(args) => keygen::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Report(args) => report::run(args),
        Command::Attest(args) => attest::run(args),
        Command::Pages(args) => paginate::run(args),
        Command::Keys(args) => keys::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Jsonld(args) => jsonld::run(args),
        Command::Render(args) => render::run(args),
        Command::Import(args) => import::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Studio(args) => studio::run(args),
        Command::Audit(args) => audit::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit::report(&e),
    }
}
