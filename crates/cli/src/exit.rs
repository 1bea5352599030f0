//! How failures map to exit status and to the one line on stderr.
//!
//! Commands return `anyhow::Result`. Two wrapper types mark the failures that are
//! about the *content* (exit 1); everything else, unreadable files, bad arguments,
//! is a usage or I/O error (exit 2). `trust_manifest::Error` on its own is not
//! enough to decide: a bad `--key` argument is the user's typo, a bad signature is
//! a verification failure, and both carry the same error type.

use std::fmt;
use std::process::ExitCode;

/// A verification failure: printed as `error: <reason-code>: <message>`, exit 1.
/// The reason code is `trust_manifest::Error::code()`, a public contract.
#[derive(Debug)]
pub struct Rejected(pub trust_manifest::Error);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Some messages already start with their code ("malformed: ..."): say it once.
        let code = self.0.code();
        let message = self.0.to_string();
        let message = message
            .strip_prefix(code)
            .and_then(|m| m.strip_prefix(": "))
            .unwrap_or(&message);
        write!(f, "{code}: {message}")
    }
}

impl std::error::Error for Rejected {}

/// The content breaks the format's rules (lint errors, an invalid statement):
/// exit 1. Details were already printed; this is the closing line.
#[derive(Debug)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// `verify --warn-expiring`: the manifest verified but expires within the
/// window (exit 3, for monitoring). Printed as `warning: <message>`.
#[derive(Debug)]
pub struct Expiring(pub String);

impl fmt::Display for Expiring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Expiring {}

/// Prints the error and picks the exit status.
pub fn report(e: &anyhow::Error) -> ExitCode {
    if let Some(r) = e.downcast_ref::<Rejected>() {
        eprintln!("error: {r}");
        ExitCode::from(1)
    } else if let Some(r) = e.downcast_ref::<Refused>() {
        eprintln!("error: {r}");
        ExitCode::from(1)
    } else if let Some(r) = e.downcast_ref::<Expiring>() {
        eprintln!("warning: {r}");
        ExitCode::from(3)
    } else {
        // `{:#}` prints the context chain on one line: "cannot read x: No such file".
        eprintln!("error: {e:#}");
        ExitCode::from(2)
    }
}

/// Shorthand for a verification failure.
pub fn rejected(e: trust_manifest::Error) -> anyhow::Error {
    anyhow::Error::new(Rejected(e))
}
