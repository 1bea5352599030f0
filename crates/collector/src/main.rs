//! `trust-collector`: see the crate documentation and README "Review collector".

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use trust_collector::{brands, config::Config, db::Db, keys};

const AFTER: &str = "\
Configuration: --config FILE (TOML) and TRUST_COLLECTOR_* environment variables
(LISTEN, DATABASE_URL, DATA_DIR, SMTP_URL, SMTP_FROM, PUBLIC_URL, INVITE_AFTER,
ADMIN_TOKEN, STATEMENT_DAYS); the environment wins. Logs: RUST_LOG (default info),
TRUST_COLLECTOR_LOG_FORMAT=json for one JSON object per line.

Examples:
  trust-collector serve
  trust-collector key --public
  trust-collector brand add --id northwind --name 'Northwind Outdoor' \\
      --root ed25519:BASE64 --shop northwind.myshopify.com --json
  trust-collector publish --brand northwind --out pages/";

/// The review collector: orders in, invitations out, signed review pages published.
#[derive(Debug, Parser)]
#[command(name = "trust-collector", version, after_help = AFTER)]
struct Cli {
    /// Configuration file (TOML); environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the service (webhooks, review form, publishing, invitations).
    Serve,
    /// The collector's signing key (created in the data directory on first use).
    Key {
        /// Print the public key as ed25519:BASE64, for brands' trust lists.
        #[arg(long)]
        public: bool,
    },
    /// Register and list brands.
    #[command(subcommand)]
    Brand(BrandCommand),
}

#[derive(Debug, Subcommand)]
enum BrandCommand {
    /// Register a brand and print its webhook secret.
    Add {
        /// The brand's id (used in URLs: /v1/brands/ID/…).
        #[arg(long)]
        id: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// The brand's key-set root, ed25519:BASE64: statements are bound to it.
        #[arg(long, value_name = "ed25519:BASE64")]
        root: String,
        /// The shop's domain as Shopify sends it in X-Shopify-Shop-Domain.
        #[arg(long, value_name = "DOMAIN")]
        shop: String,
        /// Use this webhook secret (e.g. the key Shopify's admin shows) instead of a new one.
        #[arg(long, value_name = "SECRET")]
        webhook_secret: Option<String>,
        /// Print {"id": …, "webhook_secret": …}.
        #[arg(long)]
        json: bool,
    },
    /// List registered brands (never their secrets).
    List,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if std::env::var("TRUST_COLLECTOR_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(config.listen)
                .await
                .with_context(|| format!("cannot listen on {}", config.listen))?;
            trust_collector::serve::run(
                config,
                listener,
                trust_collector::serve::shutdown_signal(),
            )
            .await?;
        }
        Command::Key { public } => {
            let key = keys::load_or_create(&config.data_dir)?;
            if public {
                println!("{}", key.public());
            } else {
                println!(
                    "collector key: {} (public {})",
                    keys::key_path(&config.data_dir).display(),
                    key.public()
                );
            }
        }
        Command::Brand(BrandCommand::Add {
            id,
            name,
            root,
            shop,
            webhook_secret,
            json,
        }) => {
            let db = Db::open(&config.database_url).await?;
            let b = brands::add(
                &db,
                brands::NewBrand {
                    id,
                    name,
                    root,
                    shop_domain: shop,
                    webhook_secret,
                },
            )
            .await?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "id": b.id, "webhook_secret": b.webhook_secret })
                );
            } else {
                println!(
                    "registered brand {} ({}) for shop {}",
                    b.id, b.name, b.shop_domain
                );
                println!("webhook secret: {}", b.webhook_secret);
            }
        }
        Command::Brand(BrandCommand::List) => {
            let db = Db::open(&config.database_url).await?;
            for b in brands::list(&db).await? {
                println!("{}\t{}\t{}\t{}", b.id, b.shop_domain, b.root, b.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
