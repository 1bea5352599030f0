//! `trust-collector`: the review collector (issue 13, ARCHITECTURE.md "Review
//! collector"). Orders come in from Shopify webhooks, a generic HMAC-signed endpoint
//! or a CSV file; buyers are invited after a delay; what they write through their
//! single-use link is published as review pages signed by the collector's key and
//! bound to the brand's key-set root. Module map: notes/collector-layout.md.

// Core (service, orders in, publishing).
pub mod backup;
pub mod brands;
pub mod config;
pub mod csv_import;
pub mod db;
pub mod error;
pub mod generic;
pub mod keys;
pub mod log;
pub mod orders;
pub mod products;
pub mod products_cli;
pub mod products_match;
pub mod publish;
pub mod published;
pub mod serve;
pub mod shopify;
pub mod webhooks;
pub mod witness;

// Buyer flow (invitations, mail, form, photos, moderation, admin): see layout notes.
pub mod admin;
pub mod admin_html;
pub mod admin_products;
pub mod admin_session;
pub mod form;
pub mod form_html;
pub mod html;
pub mod invite;
pub mod lang;
pub mod mail;
pub mod moderation;
pub mod outbox;
pub mod page;
pub mod photos;
pub mod ratelimit;
pub mod retract;
pub mod tokens;
pub mod unsubscribe;

pub use config::Config;
pub use db::{Backend, Db};
pub use serve::AppState;
