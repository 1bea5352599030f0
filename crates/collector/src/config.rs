//! Configuration: a TOML file (`--config`), then `TRUST_COLLECTOR_*` environment
//! variables on top (the environment wins, so a container can override one value of
//! a shared file). Every field has a default that starts a working local collector.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// The collector's settings after file and environment are merged.
#[derive(Debug, Clone)]
pub struct Config {
    /// `TRUST_COLLECTOR_LISTEN`, default 127.0.0.1:8090.
    pub listen: SocketAddr,
    /// `TRUST_COLLECTOR_DATABASE_URL`: `sqlite://…` or `postgres://…`; default a
    /// SQLite file `collector.sqlite` in the data directory.
    pub database_url: String,
    /// `TRUST_COLLECTOR_DATA_DIR`: the collector key, the SQLite file, photos, backups.
    pub data_dir: PathBuf,
    /// `TRUST_COLLECTOR_SMTP_URL`: `smtp://host:port` (credentials and TLS as lettre's
    /// URL form reads them); none means invitations wait in the outbox.
    pub smtp_url: Option<String>,
    /// `TRUST_COLLECTOR_SMTP_FROM`: the sender of invitations.
    pub smtp_from: String,
    /// `TRUST_COLLECTOR_PUBLIC_URL`: the base of links in emails and of page URLs.
    pub public_url: String,
    /// `TRUST_COLLECTOR_INVITE_AFTER`: delay after fulfilment, in seconds (`14d`, `0s`).
    pub invite_after: i64,
    /// `TRUST_COLLECTOR_ADMIN_TOKEN`: the merchant view's login token; none disables it.
    pub admin_token: Option<String>,
    /// `TRUST_COLLECTOR_STATEMENT_DAYS`: how long a published index is current (1 to 31).
    pub statement_days: i64,
    // Buyer flow (c2).
    /// Invitation delay per market (upper-case ISO country): file `[invite_after_market]
    /// JP = "7d"`, env `TRUST_COLLECTOR_INVITE_AFTER_JP=7d`; other markets use `invite_after`.
    pub invite_after_market: std::collections::BTreeMap<String, i64>,
    /// `TRUST_COLLECTOR_REMIND_AFTER`: the one reminder, this long after the invitation
    /// (default `7d`; `off` sends none). At most 30 days (the address is deleted then).
    pub remind_after: Option<i64>,
    /// `TRUST_COLLECTOR_OUTBOX_LEASE`: how long a claimed send is reserved for the
    /// instance that claimed it (default `5m`); a crashed instance's claims expire after it.
    pub outbox_lease: i64,
    /// `TRUST_COLLECTOR_SMTP_USER` / `TRUST_COLLECTOR_SMTP_PASSWORD`: override the URL's.
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    /// `TRUST_COLLECTOR_SMTP_CA`: a PEM file of extra certificate authorities for the
    /// SMTP server's TLS (a private relay); the public web roots are always trusted.
    pub smtp_ca: Option<PathBuf>,
    /// `TRUST_COLLECTOR_NAME`: the collector's name in emails (default "Trust Collector").
    pub collector_name: String,
    /// The witnesses asked to cosign the log's checkpoints: file `[[witnesses]]
    /// url = "…" key = "<vkey>"`, env `TRUST_COLLECTOR_WITNESSES="URL VKEY, URL VKEY"`.
    pub witnesses: Vec<Witness>,
}

/// A witness (c2sp.org/tlog-witness): its submission prefix and its cosigner
/// verifier key (`<name>+<id>+<base64(0x04 || key)>`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    pub url: String,
    pub key: String,
}

/// `URL VKEY, URL VKEY`: the environment's form of the witness list.
fn parse_witnesses(s: &str) -> Result<Vec<Witness>> {
    s.split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| match w.split_whitespace().collect::<Vec<_>>()[..] {
            [url, key] => Ok(Witness {
                url: url.into(),
                key: key.into(),
            }),
            _ => bail!("witness {w:?} is not \"URL VKEY\""),
        })
        .collect()
}

/// The file's shape: every key optional, unknown keys refused (a typo must not
/// silently fall back to a default).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    smtp_url: Option<String>,
    smtp_from: Option<String>,
    public_url: Option<String>,
    invite_after: Option<String>,
    admin_token: Option<String>,
    statement_days: Option<i64>,
    invite_after_market: Option<std::collections::BTreeMap<String, String>>,
    remind_after: Option<String>,
    outbox_lease: Option<String>,
    smtp_user: Option<String>,
    smtp_password: Option<String>,
    smtp_ca: Option<PathBuf>,
    collector_name: Option<String>,
    witnesses: Option<Vec<Witness>>,
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8090";
pub const DEFAULT_INVITE_AFTER: &str = "14d";
pub const DEFAULT_STATEMENT_DAYS: i64 = 7;

impl Config {
    /// File (if given) then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Config> {
        Config::load_with(file, |k| std::env::var(k).ok())
    }

    /// Like `load`, with the environment given as a lookup (tests pass their own).
    pub fn load_with(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Config> {
        let mut fc: FileConfig = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read config {}", p.display()))?;
                toml::from_str(&text).with_context(|| format!("config {}", p.display()))?
            }
            None => FileConfig::default(),
        };
        let pick = |name: &str, file: Option<String>| env(name).filter(|v| !v.is_empty()).or(file);

        let listen =
            pick("TRUST_COLLECTOR_LISTEN", fc.listen).unwrap_or_else(|| DEFAULT_LISTEN.into());
        let listen: SocketAddr = listen
            .parse()
            .with_context(|| format!("listen address {listen:?} is not host:port"))?;
        let data_dir = pick(
            "TRUST_COLLECTOR_DATA_DIR",
            fc.data_dir.map(|p| p.to_string_lossy().into_owned()),
        )
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("trust-collector-data"));
        let database_url = pick("TRUST_COLLECTOR_DATABASE_URL", fc.database_url)
            .unwrap_or_else(|| sqlite_url(&data_dir.join("collector.sqlite")));
        let invite_text = pick("TRUST_COLLECTOR_INVITE_AFTER", fc.invite_after)
            .unwrap_or_else(|| DEFAULT_INVITE_AFTER.into());
        let invite_after = parse_duration(&invite_text).with_context(|| {
            format!("invite_after {invite_text:?} is not a duration (write e.g. 14d, 36h or 0s)")
        })?;
        let statement_days = match pick(
            "TRUST_COLLECTOR_STATEMENT_DAYS",
            fc.statement_days.map(|d| d.to_string()),
        ) {
            Some(d) => d
                .parse::<i64>()
                .ok()
                .with_context(|| format!("statement_days {d:?} is not a number"))?,
            None => DEFAULT_STATEMENT_DAYS,
        };
        if !(1..=31).contains(&statement_days) {
            bail!("statement_days must be 1 to 31 (the format's maximum for current statements)");
        }
        let buyer = BuyerTimes::load(
            &env,
            fc.invite_after_market.take().unwrap_or_default(),
            fc.remind_after.take(),
            fc.outbox_lease.take(),
        )?;
        let public_url = pick("TRUST_COLLECTOR_PUBLIC_URL", fc.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        let public_url = public_url.trim_end_matches('/').to_string();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            bail!("public_url {public_url:?} must be an http(s) URL");
        }
        let witnesses = match env("TRUST_COLLECTOR_WITNESSES").filter(|v| !v.is_empty()) {
            Some(v) => parse_witnesses(&v)?,
            None => fc.witnesses.take().unwrap_or_default(),
        };
        for w in &witnesses {
            if !(w.url.starts_with("https://") || w.url.starts_with("http://")) {
                bail!("witness url {:?} must be an http(s) URL", w.url);
            }
            let key = trust_tlog::VerifierKey::parse(&w.key)
                .map_err(|e| anyhow::anyhow!("witness key {:?}: {e}", w.key))?;
            if key.kind() != trust_tlog::SigType::Cosignature {
                bail!(
                    "witness key {:?} is not a cosignature (type 0x04) key",
                    w.key
                );
            }
        }
        Ok(Config {
            witnesses,
            listen,
            database_url,
            data_dir,
            smtp_url: pick("TRUST_COLLECTOR_SMTP_URL", fc.smtp_url),
            smtp_from: pick("TRUST_COLLECTOR_SMTP_FROM", fc.smtp_from)
                .unwrap_or_else(|| "reviews@localhost".into()),
            public_url,
            invite_after,
            admin_token: pick("TRUST_COLLECTOR_ADMIN_TOKEN", fc.admin_token),
            statement_days,
            invite_after_market: buyer.invite_after_market,
            remind_after: buyer.remind_after,
            outbox_lease: buyer.outbox_lease,
            smtp_user: pick("TRUST_COLLECTOR_SMTP_USER", fc.smtp_user),
            smtp_password: pick("TRUST_COLLECTOR_SMTP_PASSWORD", fc.smtp_password),
            smtp_ca: pick(
                "TRUST_COLLECTOR_SMTP_CA",
                fc.smtp_ca.map(|p| p.to_string_lossy().into_owned()),
            )
            .map(PathBuf::from),
            collector_name: pick("TRUST_COLLECTOR_NAME", fc.collector_name)
                .unwrap_or_else(|| "Trust Collector".into()),
        })
    }
}

/// The buyer flow's durations (c2): per-market delays, the reminder, the outbox lease.
struct BuyerTimes {
    invite_after_market: std::collections::BTreeMap<String, i64>,
    remind_after: Option<i64>,
    outbox_lease: i64,
}

impl BuyerTimes {
    fn load(
        env: &impl Fn(&str) -> Option<String>,
        file_markets: std::collections::BTreeMap<String, String>,
        remind: Option<String>,
        lease: Option<String>,
    ) -> Result<BuyerTimes> {
        let dur = |what: &str, v: &str| {
            parse_duration(v)
                .with_context(|| format!("{what} {v:?} is not a duration (e.g. 7d, 0s)"))
        };
        let mut invite_after_market = std::collections::BTreeMap::new();
        for (m, v) in file_markets {
            invite_after_market.insert(m.to_ascii_uppercase(), dur("invite_after_market", &v)?);
        }
        // Environment overrides per market: TRUST_COLLECTOR_INVITE_AFTER_<CC>.
        // (Names from the process environment; values through `env`, like every setting.)
        for (k, _) in std::env::vars() {
            if let Some(cc) = k.strip_prefix("TRUST_COLLECTOR_INVITE_AFTER_") {
                if let Some(v) = env(&k) {
                    invite_after_market.insert(cc.to_ascii_uppercase(), dur(&k, &v)?);
                }
            }
        }
        let remind = env("TRUST_COLLECTOR_REMIND_AFTER")
            .filter(|v| !v.is_empty())
            .or(remind);
        let remind_after = match remind.as_deref() {
            Some("off") => None,
            Some(v) => Some(dur("remind_after", v)?),
            None => Some(7 * 86_400),
        };
        if remind_after.is_some_and(|r| r > 30 * 86_400) {
            bail!("remind_after must be at most 30d (the buyer's address is deleted then)");
        }
        let lease = env("TRUST_COLLECTOR_OUTBOX_LEASE")
            .filter(|v| !v.is_empty())
            .or(lease);
        let outbox_lease = match lease {
            Some(v) => dur("outbox_lease", &v)?.max(1),
            None => 300,
        };
        Ok(BuyerTimes {
            invite_after_market,
            remind_after,
            outbox_lease,
        })
    }
}

/// The sqlx URL of a SQLite file, created if missing.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// `14d`, `36h`, `90m`, `3600s`, and `0s` (which the manifest's parser refuses: a
/// signature validity of zero is meaningless, an invitation delay of zero is a test).
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.len() < 2 || !s.is_char_boundary(s.len() - 1) {
        return None;
    }
    let (n, unit) = s.split_at(s.len() - 1);
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = n.parse().ok()?;
    let mult = match unit {
        "d" => 86_400,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        _ => return None,
    };
    n.checked_mul(mult)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("14d"), Some(14 * 86_400));
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("36h"), Some(36 * 3600));
        for bad in ["", "d", "-1d", "1w", "1.5d", "１d", "99999999999999999999d"] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn environment_wins_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\ninvite_after = \"2d\"\n",
        )
        .unwrap();
        let env = |k: &str| (k == "TRUST_COLLECTOR_INVITE_AFTER").then(|| "0s".to_string());
        let c = Config::load_with(Some(&file), env).unwrap();
        assert_eq!(c.listen.port(), 9000);
        assert_eq!(c.invite_after, 0);
        assert!(c.database_url.starts_with("sqlite://"));
        assert_eq!(c.public_url, "http://127.0.0.1:9000");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "lisen = \"127.0.0.1:9000\"\n").unwrap();
        let err = Config::load_with(Some(&file), |_| None).unwrap_err();
        assert!(format!("{err:#}").contains("lisen"), "{err:#}");
    }

    #[test]
    fn witnesses_from_the_environment_and_refused_keys() {
        let key = "witness.example/w1+5a4d8e4e+BJJ1Kk5Kv6QmE8MRYqW3QtbwHlDhNg9U8JfJ3F3bSGDE";
        let good = trust_tlog::sign::Cosigner::new("witness.example/w1", &[3; 32])
            .unwrap()
            .vkey();
        let env = |v: String| move |k: &str| (k == "TRUST_COLLECTOR_WITNESSES").then(|| v.clone());
        let c = Config::load_with(
            None,
            env(format!(
                "https://w1.example {good}, http://w2.example {good}"
            )),
        )
        .unwrap();
        assert_eq!(c.witnesses.len(), 2);
        assert_eq!(c.witnesses[1].url, "http://w2.example");
        for bad in [
            "https://w1.example".to_string(),
            format!("ftp://w1.example {good}"),
            format!("https://w1.example {key}"),
            format!("https://w1.example {}", good.replace("+", "-")),
        ] {
            assert!(Config::load_with(None, env(bad.clone())).is_err(), "{bad}");
        }
        // A log key (type 0x01) is not a witness key.
        let log = trust_tlog::sign::NoteSigner::new("w.example", &[3; 32])
            .unwrap()
            .vkey();
        assert!(Config::load_with(None, env(format!("https://w.example {log}"))).is_err());
    }
}
