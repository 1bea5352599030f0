//! `cargo xtask demo [--port N]`: stage the demo storefront, start the review
//! collector and its log's witness beside it (`collector_loop/`) and serve them
//! until interrupted.

use anyhow::Result;

use crate::collector_loop::{serve_demo, ADMIN_TOKEN};

pub fn run(port: u16) -> Result<()> {
    let (addr, site, collector) = serve_demo(&format!("127.0.0.1:{port}"), None)?;
    println!("\nTrust Widget demo: http://{addr}/");
    println!("  http://{addr}/de/           the same product for Germany, in German");
    println!("  http://{addr}/jp/           for Japan, in Japanese");
    println!("  http://{addr}/skincare/     a skincare brand (EU, UK, South-East Asia)");
    println!("  http://{addr}/electronics/  an electronics brand (US, AU, KR)");
    println!("  http://{addr}/tampered/     a tampered manifest: nothing is shown");
    println!("  http://{addr}/loop/         collect a review: simulate an order, open the");
    println!("                              invitation in http://{addr}/mailbox/, write the");
    println!("                              review; it shows verified by the collector");
    println!("  http://{addr}/admin         the collector's admin page (token {ADMIN_TOKEN})");
    println!("  http://{addr}/log/          the collector's public review log, cosigned by a");
    println!("                              demo witness; the trust list names both (k = 1)");
    println!(
        "serving {} (Ctrl-C stops); trust-collector on {}, log in target/demo/collector/",
        site.display(),
        collector.addr
    );
    loop {
        std::thread::park();
    }
}
