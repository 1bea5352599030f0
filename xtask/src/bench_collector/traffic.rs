//! What the bench sends: signed webhooks and a form submission, over keep-alive connections.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{SocketAddr, TcpStream},
    sync::atomic::{AtomicUsize, Ordering},
    time::Instant,
};

use anyhow::{Context, Result};
use serde_json::json;

use super::{CLIENTS, SHOP};
use crate::collector_loop::hmac_sha256;

/// One signed `orders/fulfilled` webhook as bytes on the wire (HTTP/1.1 keep-alive).
pub(super) fn webhook(secret: &str, n: usize, email: Option<usize>) -> Vec<u8> {
    let at = trust_manifest::Timestamp(crate::collector_loop::unix_now() - 3600).to_string();
    let (locale, country) = [("en", "US"), ("de", "DE"), ("ja", "JP"), ("fr", "FR")][n % 4];
    let body = json!({
        "id": 7_000_000_000_000u64 + n as u64,
        "email": format!("buyer{}@example.com", email.unwrap_or(n)),
        "customer_locale": locale,
        "created_at": at, "updated_at": at, "fulfillment_status": "fulfilled",
        "line_items": [{ "product_id": 8_800_000_000u64 + (n % 50) as u64, "sku": "SKU", "title": "Tent", "quantity": 1 }],
        "shipping_address": { "country_code": country },
        "fulfillments": [{ "status": "success", "created_at": at }],
    })
    .to_string();
    let tag = hmac_sha256(secret.as_bytes(), body.as_bytes());
    format!(
        "POST /webhooks/shopify HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n\
         x-shopify-topic: orders/fulfilled\r\nx-shopify-shop-domain: {SHOP}\r\n\
         x-shopify-webhook-id: bench-{n}\r\nx-shopify-hmac-sha256: {tag}\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends every request over CLIENTS keep-alive connections; returns each request's
/// latency (ms) and how many were not answered 2xx.
pub(super) fn drive(addr: SocketAddr, requests: &[Vec<u8>]) -> Result<(Vec<f64>, usize)> {
    let next = AtomicUsize::new(0);
    let results: Vec<Result<(Vec<f64>, usize)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..CLIENTS)
            .map(|_| {
                s.spawn(|| -> Result<(Vec<f64>, usize)> {
                    let mut stream = TcpStream::connect(addr)?;
                    stream.set_nodelay(true)?;
                    let mut reader = BufReader::new(stream.try_clone()?);
                    let (mut lat, mut bad) = (Vec::new(), 0);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(req) = requests.get(i) else { break };
                        let started = Instant::now();
                        stream.write_all(req)?;
                        let status = read_response(&mut reader)?;
                        lat.push(started.elapsed().as_secs_f64() * 1000.0);
                        bad += usize::from(!(200..300).contains(&status));
                    }
                    Ok((lat, bad))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("client thread"))
            .collect()
    });
    let (mut all, mut bad) = (Vec::new(), 0);
    for r in results {
        let (lat, b) = r?;
        all.extend(lat);
        bad += b;
    }
    Ok((all, bad))
}

/// Reads one response on a keep-alive connection; returns its status.
fn read_response(reader: &mut BufReader<TcpStream>) -> Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .context("status")?;
    let mut len = 0;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse()?;
            }
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(status)
}

/// A review form submission with one photo.
pub(super) fn multipart(photo: &[u8]) -> (String, Vec<u8>) {
    const B: &str = "benchboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in [
        ("rating", "4"),
        ("title", "Dry after two nights of rain"),
        (
            "body",
            "Pitched it in ten minutes on the first try. Everything inside stayed dry.",
        ),
        ("name", "Bench Buyer"),
        ("incentive", "no"),
    ] {
        body.extend_from_slice(
            format!("--{B}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{B}\r\ncontent-disposition: form-data; name=\"photo\"; filename=\"tent.jpg\"\r\n\
             content-type: image/jpeg\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={B}"), body)
}
