//! `trust-collector`: see the crate documentation and README "Review collector".

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use trust_collector::{backup, brands, config::Config, csv_import, db::Db, keys, publish};

const AFTER: &str = "\
Configuration: --config FILE (TOML) and TRUST_COLLECTOR_* environment variables
(LISTEN, DATABASE_URL, DATA_DIR, SMTP_URL, SMTP_FROM, PUBLIC_URL, INVITE_AFTER,
ADMIN_TOKEN, STATEMENT_DAYS); the environment wins. Logs: RUST_LOG (default info),
TRUST_COLLECTOR_LOG_FORMAT=json for one JSON object per line.

Examples:
  trust-collector serve
  trust-collector key --public
  trust-collector log-key
  trust-collector witness --name witness.example/w1 --log \"$(trust-collector log-key)\" \
      --data-dir witness/ --listen 127.0.0.1:8091
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
    /// The public review log's verifier key (`<origin>+<key id>+<base64>`), for trust
    /// lists; the log key is created in the data directory on first use.
    LogKey,
    /// Run an independent witness (c2sp.org/tlog-witness) for the logs named by --log.
    Witness(trust_collector::witness::cli::WitnessArgs),
    /// Register and list brands.
    #[command(subcommand)]
    Brand(BrandCommand),
    /// Orders from files.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Sign and write a brand's review pages (what `trustctl pages` writes), and make
    /// them the ones the service serves.
    #[command(after_help = PUBLISH_AFTER)]
    Publish {
        /// The brand's id.
        #[arg(long)]
        brand: String,
        /// Where to write review-pages.json, page-N.json and aggregate.json.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Page URL template ({n} = page number, {root} = the Merkle root); default:
        /// the collector's /v1/brands/ID/pages/{root}/page-{n}.json when PUBLIC_URL
        /// is https, else reviews/page-{n}.json beside the manifest.
        #[arg(long, value_name = "TEMPLATE")]
        page_url: Option<String>,
    },
    /// Copy the SQLite database while the service runs (VACUUM INTO), then check the copy.
    Backup {
        /// The new file to write (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Delete buyer emails whose invitation window has closed (the service does this hourly).
    Retention,
}

const PUBLISH_AFTER: &str = "\
The statement is signed by the collector key, bound to the brand's registered root,
and expires after STATEMENT_DAYS (default 7; the service re-signs daily).
Check the output with:
  trustctl verify --key brand.pub --trust attesters.json --pages DIR trust-manifest.json";

#[derive(Debug, Subcommand)]
enum OrdersCommand {
    /// Import orders from a CSV file; bad rows are reported and skipped (exit status 1).
    #[command(after_help = CSV_AFTER)]
    Import {
        /// The brand the orders belong to.
        #[arg(long)]
        brand: String,
        /// The CSV file (`-` for stdin).
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

const PRODUCTS_AFTER: &str = "\
A match is made only when exactly one manifest product fits: the order system's
product id is its id or handle, or a line item's SKU is its sku or gtin. Titles are
never compared. Reviews of an unmapped product are published under the order
system's id, which no product page names: the admin page lists them.
Examples:
  trust-collector brand products --brand northwind --manifest trust-manifest.json
  trust-collector brand products --brand northwind --set 788032119674292922=tent-2p
  trust-collector brand products --brand northwind --list --json";

const CSV_AFTER: &str = "\
Header (exactly): order_id,email,locale,country,created_at,fulfilled_at,product_id,sku,title
One row per line item; times RFC 3339; locale, country, created_at, sku, title may be empty.";

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
    /// Map the order system's product ids (Shopify's numeric ids) to the product ids
    /// of the brand's manifest, which the widget matches reviews to product pages by.
    #[command(after_help = PRODUCTS_AFTER)]
    Products {
        /// The brand's id.
        #[arg(long)]
        brand: String,
        /// Read the brand's products from its manifest (signed or not) and match every
        /// product ordered so far by SKU / GTIN (and products ordered later, when
        /// publishing).
        #[arg(long, value_name = "MANIFEST.json")]
        manifest: Option<PathBuf>,
        /// Map one product by hand (repeatable); never replaced automatically.
        #[arg(long, value_name = "EXTERNAL=ID")]
        set: Vec<String>,
        /// Remove a mapping (repeatable); the product is matched automatically again.
        #[arg(long, value_name = "EXTERNAL")]
        unset: Vec<String>,
        /// List every product and its mapping (the default when nothing else is asked).
        #[arg(long)]
        list: bool,
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a new login token for the brand's own admin view (/admin; that brand only).
    /// It replaces the brand's previous token, which ends its sessions.
    AdminToken {
        /// The brand's id.
        #[arg(long)]
        brand: String,
    },
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
                trust_collector::serve::shutdown_signal()?,
            )
            .await?;
        }
        Command::LogKey => {
            let key = keys::load_or_create_file(
                &config.data_dir.join(trust_collector::log::KEY_FILE),
                "log",
            )?;
            let log = trust_collector::log::Log::new(&config.public_url, &key, Vec::new())?;
            println!("{}", log.vkey());
        }
        Command::Witness(a) => trust_collector::witness::cli::run(a).await?,
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
        Command::Brand(BrandCommand::AdminToken { brand }) => {
            let db = Db::open(&config.database_url).await?;
            println!(
                "{}",
                trust_collector::admin_session::issue_brand_token(&db, &brand).await?
            );
        }
        Command::Brand(BrandCommand::List) => {
            let db = Db::open(&config.database_url).await?;
            for b in brands::list(&db).await? {
                println!("{}\t{}\t{}\t{}", b.id, b.shop_domain, b.root, b.name);
            }
        }
        Command::Brand(BrandCommand::Products {
            brand,
            manifest,
            set,
            unset,
            list,
            json,
        }) => {
            let db = Db::open(&config.database_url).await?;
            let b = brand_or_fail(&db, &brand).await?;
            let asks = trust_collector::products_cli::Asks {
                manifest,
                set,
                unset,
                list,
                json,
            };
            return trust_collector::products_cli::run(&db, &b.id, asks).await;
        }
        Command::Orders(OrdersCommand::Import { brand, file }) => {
            let db = Db::open(&config.database_url).await?;
            let b = brand_or_fail(&db, &brand).await?;
            let input: Box<dyn std::io::Read> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(
                    std::fs::File::open(&file)
                        .with_context(|| format!("cannot open {}", file.display()))?,
                )
            };
            let r = csv_import::import(&db, &b, input, config.invite_after).await?;
            for (line, reason) in &r.bad {
                eprintln!("{}:{line}: {reason}", file.display());
            }
            println!(
                "imported {} rows into {} orders for {}; {} bad rows skipped",
                r.rows,
                r.orders,
                b.id,
                r.bad.len()
            );
            if !r.bad.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Publish {
            brand,
            out,
            page_url,
        } => {
            let (tx, rx) = tokio::sync::watch::channel(false);
            let state = trust_collector::AppState::open(config, rx).await?;
            drop(tx);
            let b = brand_or_fail(&state.db, &brand).await?;
            let url = page_url
                .unwrap_or_else(|| publish::default_page_url(&state.config.public_url, &b.id));
            if !trust_manifest::is_page_url_template(&url.replace("{root}", "0")) {
                anyhow::bail!("--page-url must be relative or https with exactly one {{n}}");
            }
            let Some(p) = publish::publish_at(&state, &b, trust_collector::db::now(), &url).await?
            else {
                anyhow::bail!("brand {} has no published reviews", b.id);
            };
            publish::write_dir(&p, &out)?;
            println!(
                "published {} reviews of {} in {} pages, root {}, expires {}; wrote {}",
                p.review_count,
                b.id,
                p.pages.len(),
                p.root,
                trust_manifest::Timestamp(p.expires_at),
                out.display()
            );
        }
        Command::Backup { out } => {
            let db = Db::open(&config.database_url).await?;
            let bytes = backup::backup(&db, &out).await?;
            println!(
                "backup written to {} ({bytes} bytes), integrity ok",
                out.display()
            );
        }
        Command::Retention => {
            let db = Db::open(&config.database_url).await?;
            let at = trust_collector::db::now();
            let n = trust_collector::orders::sweep_emails(&db, at).await?;
            let d = trust_collector::orders::sweep_deliveries(&db, at).await?;
            println!(
                "deleted {n} buyer emails past their invitation window and {d} old delivery ids"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn brand_or_fail(db: &Db, id: &str) -> Result<brands::Brand> {
    brands::by_id(db, id)
        .await?
        .with_context(|| format!("no brand {id:?} is registered (trust-collector brand list)"))
}
