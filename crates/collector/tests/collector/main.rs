//! The collector's integration tests, as one test binary: each linked the whole
//! service (axum, sqlx, lettre, image) at ~155 MB apiece, and one binary also starts
//! one PostgreSQL cluster for all of them (support/pg.rs) instead of one per file.
//!
//! `core_*`: the service through its router (`support/`); `buyer_*`: a buyer's
//! journey from order to published review, with a real SMTP server (`support/buyer.rs`).
//! One file's cases: `cargo test -p trust-collector --test collector core_orders::`.

#[macro_use]
mod support;
#[macro_use]
#[path = "support/buyer.rs"]
mod buyer;
#[path = "support/admin.rs"]
mod admin;
#[path = "support/aics.rs"]
mod aics;
#[path = "support/images.rs"]
mod images;
#[path = "support/smtp.rs"]
mod smtp;

use support::{pg, signed};

mod buyer_admin;
mod buyer_browser;
mod buyer_crash;
mod buyer_form;
mod buyer_mail;
mod buyer_measure;
mod buyer_replies;
mod core_orders;
mod core_products;
mod core_publish;
mod core_service;
mod core_webhooks;
mod log_publish;
mod log_tiles;
mod log_witness;
