//! `trust-collector witness`: its arguments and the command.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use super::Witness;

#[derive(Debug, clap::Args)]
pub struct WitnessArgs {
    /// The witness's key name (e.g. witness.example/w1).
    #[arg(long)]
    name: String,
    /// A log's verifier key (`trust-collector log-key`); repeat for each log.
    #[arg(long = "log", value_name = "VKEY")]
    logs: Vec<String>,
    /// The witness's own directory: its key (witness.key) and state (logs/).
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    #[arg(long, default_value = "127.0.0.1:8091")]
    listen: std::net::SocketAddr,
    /// Print the witness's verifier key (for the collector's configuration) and exit.
    #[arg(long)]
    print_key: bool,
}

/// Prints the key, or serves until SIGTERM / Ctrl-C.
pub async fn run(a: WitnessArgs) -> Result<()> {
    let w = Witness::open(&a.data_dir, &a.name, &a.logs)?;
    if a.print_key {
        println!("{}", w.cosigner.vkey());
        return Ok(());
    }
    if a.logs.is_empty() {
        bail!("name at least one log with --log VKEY");
    }
    let listener = tokio::net::TcpListener::bind(a.listen)
        .await
        .with_context(|| format!("cannot listen on {}", a.listen))?;
    let stop = crate::serve::shutdown_signal()?;
    super::run(Arc::new(w), listener, stop).await
}
