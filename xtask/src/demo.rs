//! `cargo xtask demo [--port N]`: stage the demo storefront and serve it until
//! interrupted.

use anyhow::Result;

pub fn run(port: u16) -> Result<()> {
    // Bind first so a busy port fails before the build, and so the manifests are
    // signed for the origin actually served.
    let addr = crate::serve::spawn(crate::site::site_dir(), &format!("127.0.0.1:{port}"))?;
    let site = crate::site::stage(&format!("http://{addr}"))?;
    println!("\nTrust Widget demo: http://{addr}/");
    println!("  http://{addr}/de/           the same product for Germany, in German");
    println!("  http://{addr}/jp/           for Japan, in Japanese");
    println!("  http://{addr}/skincare/     a skincare brand (EU, UK, South-East Asia)");
    println!("  http://{addr}/electronics/  an electronics brand (US, AU, KR)");
    println!("  http://{addr}/tampered/     a tampered manifest: nothing is shown");
    println!("serving {} (Ctrl-C stops)", site.display());
    loop {
        std::thread::park();
    }
}
