//! Files, keys and clocks, with error messages that say what to do next.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;
use trust_manifest::json::{FromJson, JsonError};
use trust_manifest::{decode_base64, Envelope, PublicKey, SecretKey, Timestamp};

/// Reads a file, or stdin for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read stdin")?;
        return Ok(buf);
    }
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Reads a file as JSON. Not being JSON at all is an input error (exit 2); being
/// JSON of the wrong shape is for lint to explain.
pub fn read_json(path: &Path) -> Result<Value> {
    let bytes = read_input(path)?;
    serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid JSON", path.display()))
}

/// Writes to a file, or stdout when no path is given.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(path) => {
            fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .context("cannot write stdout")
        }
    }
}

/// Pretty JSON with a final newline: what every command writes.
pub fn to_pretty(value: &impl serde::Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("JSON values always serialise");
    out.push(b'\n');
    out
}

/// Reads a secret key file written by `trustctl keygen`.
pub fn read_secret_key(path: &Path) -> Result<SecretKey> {
    let text = fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the secret key {} (create one with `trustctl keygen --out NAME`)",
            path.display()
        )
    })?;
    let key = SecretKey::parse(&text).map_err(|_| {
        anyhow::anyhow!(
            "{} is not a trustctl secret key (\"ed25519-secret:<base64>\", as `trustctl keygen` writes)",
            path.display()
        )
    })?;
    warn_if_readable_by_others(path);
    Ok(key)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "warning: {} is readable by other users; run `chmod 600 {}`",
                path.display(),
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &Path) {}

/// A public key given as `ed25519:<base64>` or as the path of a `.pub` file.
pub fn read_public_key(arg: &str) -> Result<PublicKey> {
    let text = if arg.trim_start().starts_with("ed25519:") {
        arg.to_owned()
    } else {
        fs::read_to_string(arg).with_context(|| {
            format!("cannot read the public key {arg} (give a .pub file or \"ed25519:<base64>\")")
        })?
    };
    PublicKey::parse(&text).map_err(|e| {
        anyhow::anyhow!("{arg:?} is not a usable public key ({e}); a .pub file from `trustctl keygen` holds one")
    })
}

/// The payload bytes of an envelope, not verified: for the brand's own inputs
/// (its previous manifest, attestations it is about to embed).
pub fn unverified_payload(envelope: &Envelope, what: &str) -> Result<Vec<u8>> {
    decode_base64(&envelope.payload)
        .map_err(|_| anyhow::anyhow!("{what}: the payload is not base64"))
}

/// Decodes bytes the way verifiers do: `trust_manifest`'s strict JSON reader, not
/// serde, so what lint, sign and attest accept is exactly what the widget reads.
/// The error carries the JSON pointer of the offending value.
pub fn decode_strict<T: FromJson>(bytes: &[u8]) -> Result<T, JsonError> {
    let tree = trust_manifest::json::parse(bytes, trust_manifest::Limits::default().depth)?;
    T::from_json(&tree)
}

/// Parses one envelope from a JSON value.
pub fn envelope_from(value: &Value, what: &str) -> Result<Envelope> {
    serde_json::from_value(value.clone()).with_context(|| {
        format!("{what} is not a DSSE envelope (payload, payloadType, signatures)")
    })
}

/// The system clock, as the library's timestamp.
pub fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Timestamp(secs)
}

/// clap value parser for `--now` / `--at`: RFC 3339.
pub fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse(s)
        .ok_or_else(|| format!("{s:?} is not an RFC 3339 time; write e.g. 2026-11-22T10:00:00Z"))
}

/// clap value parser for lint's `--at`: a time, or a day (its start, UTC).
pub fn parse_time_or_date(s: &str) -> Result<Timestamp, String> {
    if let Some(d) = trust_manifest::Date::parse(s) {
        return Ok(d.start());
    }
    parse_timestamp(s).map_err(|_| {
        format!("{s:?} is not a date or time; write e.g. 2026-11-22 or 2026-11-22T10:00:00Z")
    })
}

/// `NAME.ext` next to `NAME`, ignoring an extension the user typed already.
pub fn with_extension(name: &Path, ext: &str) -> PathBuf {
    let base = match name.extension().and_then(|e| e.to_str()) {
        Some("key" | "pub") => name.with_extension(""),
        _ => name.to_path_buf(),
    };
    let mut s = base.into_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// Fails unless the value is a JSON object.
pub fn expect_object<'a>(
    value: &'a mut Value,
    what: &str,
) -> Result<&'a mut serde_json::Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        _ => bail!("{what} must be a JSON object"),
    }
}
