//! trustctl's integration tests, as one test binary (each file linked the CLI, the
//! views and html5ever on its own). `transcripts`: the command-line contract as
//! trycmd files in `tests/cmd/`; the others drive the real binary on real files.
//! One file's cases: `cargo test -p trustctl --test cli render::`.

mod support;

mod audit;
mod html_parser;
mod import_render;
mod jsonld;
mod publish_http;
mod readiness;
mod render;
mod schema;
mod studio;
mod tamper;
mod transcripts;
