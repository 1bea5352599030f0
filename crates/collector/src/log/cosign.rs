//! Gathering cosignatures (c2sp.org/tlog-witness): for each configured witness,
//! `POST <url>/add-checkpoint` with a consistency proof from the size it last
//! cosigned; a 409 names the size it has, and the request is made again from
//! there once. Only lines that verify under that witness's key are kept, and the
//! checkpoint is served with them. A witness that is down or refuses costs its
//! cosignature, never the checkpoint (verifiers decide whether k were reached).

use anyhow::{anyhow, bail, Context, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use sqlx::Row;
use trust_tlog::sign::{consistency_proof, Tiles};
use trust_tlog::{Note, VerifierKey};

use super::read::{load_missing, LatestCheckpoint};
use crate::config::Witness;
use crate::db::now;
use crate::serve::AppState;

/// What one witness answered.
enum Answer {
    Cosigned(Vec<String>),
    Conflict(u64),
}

/// Gathers cosignatures on the newest checkpoint when it has none yet, or when
/// a witness last cosigned a day or more before `at`: verifiers count only
/// recent cosignatures (the widget: from the last 7 days), so a log that did not
/// grow is cosigned again at its same size (an empty proof).
pub async fn gather_latest(state: &AppState, at: i64) -> Result<()> {
    if state.log.witnesses.is_empty() {
        return Ok(());
    }
    let Some(cp) = super::latest_checkpoint(&state.db).await? else {
        return Ok(());
    };
    let mut due = cp.served == cp.note;
    for w in &state.log.witnesses {
        let last: Option<i64> = sqlx::query("SELECT at FROM log_witnesses WHERE vkey = $1")
            .bind(&w.key)
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| r.try_get("at"))
            .transpose()?;
        due |= last.is_none_or(|t| t + DAY <= at);
    }
    if due {
        let served = gather(state, &cp).await?;
        // Publications naming this checkpoint serve the fresh cosignatures too.
        let text = cp.note.split_once("\n\n").map_or("", |(t, _)| t);
        crate::publish::refresh_checkpoint(&state.db, text, &served).await?;
    }
    Ok(())
}

const DAY: i64 = 86_400;

/// Asks every witness to cosign `cp`; stores and returns the note as served.
pub async fn gather(state: &AppState, cp: &LatestCheckpoint) -> Result<String> {
    let mut lines = String::new();
    for w in &state.log.witnesses {
        match cosign_one(state, w, cp).await {
            Ok(got) => lines.push_str(&got.concat()),
            Err(e) => tracing::warn!(witness = %w.url, error = %format!("{e:#}"), "no cosignature"),
        }
    }
    let served = format!("{}{lines}", cp.note);
    sqlx::query("UPDATE log_checkpoints SET cosigned = $1 WHERE size = $2")
        .bind(&served)
        .bind(cp.size as i64)
        .execute(&state.db.pool)
        .await?;
    Ok(served)
}

async fn cosign_one(state: &AppState, w: &Witness, cp: &LatestCheckpoint) -> Result<Vec<String>> {
    let key = VerifierKey::parse(&w.key).map_err(|e| anyhow!("witness key {}: {e}", w.key))?;
    let known: Option<i64> = sqlx::query("SELECT size FROM log_witnesses WHERE vkey = $1")
        .bind(&w.key)
        .fetch_optional(&state.db.pool)
        .await?
        .map(|r| r.try_get("size"))
        .transpose()?;
    let mut old = known.unwrap_or(0) as u64;
    for _ in 0..2 {
        if old > cp.size {
            bail!(
                "the witness has size {old}, past this checkpoint's {}",
                cp.size
            );
        }
        let body = request_body(state, old, cp).await?;
        match post(&w.url, body).await? {
            Answer::Conflict(size) if size != old => old = size,
            Answer::Conflict(_) => bail!("409 for the size it named"),
            Answer::Cosigned(lines) => {
                let kept = verified_lines(&key, cp, &lines)?;
                sqlx::query(
                    "INSERT INTO log_witnesses (vkey, size, at) VALUES ($1, $2, $3) \
                     ON CONFLICT (vkey) DO UPDATE SET size = excluded.size, at = excluded.at",
                )
                .bind(&w.key)
                .bind(cp.size as i64)
                .bind(now())
                .execute(&state.db.pool)
                .await?;
                return Ok(kept);
            }
        }
    }
    bail!("the witness kept answering 409")
}

/// `old N`, the proof lines, a blank line, the signed checkpoint.
async fn request_body(state: &AppState, old: u64, cp: &LatestCheckpoint) -> Result<String> {
    let mut conn = state.db.pool.acquire().await?;
    let mut tiles = Tiles::new();
    consistency_proof(&mut tiles, old, cp.size)?;
    load_missing(&mut conn, &mut tiles).await?;
    let proof = consistency_proof(&mut tiles, old, cp.size)?;
    let mut body = format!("old {old}\n");
    for h in proof {
        body.push_str(&B64.encode(h));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&cp.note);
    Ok(body)
}

/// The response's lines that are this witness's valid cosignatures on `cp`.
fn verified_lines(
    key: &VerifierKey,
    cp: &LatestCheckpoint,
    lines: &[String],
) -> Result<Vec<String>> {
    let joined = format!("{}{}", cp.note, lines.concat());
    let note = Note::parse(joined.as_bytes()).map_err(|e| anyhow!("cosignature lines: {e}"))?;
    let mut kept = Vec::new();
    for (sig, line) in note.signatures().iter().skip(1).zip(lines) {
        if key.matches(&sig.name, sig.key_id) {
            trust_tlog::cosignature::verify(key, note.text(), &sig.signature)
                .map_err(|e| anyhow!("cosignature: {e}"))?;
            kept.push(line.clone());
        }
    }
    if kept.is_empty() {
        bail!("no cosignature by the configured key in the answer");
    }
    Ok(kept)
}

/// One `add-checkpoint` request (blocking HTTP on the blocking pool; 10 s).
async fn post(url: &str, body: String) -> Result<Answer> {
    let endpoint = format!("{}/add-checkpoint", url.trim_end_matches('/'));
    tokio::task::spawn_blocking(move || -> Result<Answer> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(10)))
            .build()
            .into();
        let mut res = agent
            .post(&endpoint)
            .content_type("text/plain; charset=utf-8")
            .send(body.as_bytes())
            .with_context(|| format!("POST {endpoint}"))?;
        let status = res.status().as_u16();
        let text = res
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .context("reading the witness's answer")?;
        match status {
            200 => Ok(Answer::Cosigned(
                text.split_inclusive('\n').map(str::to_string).collect(),
            )),
            409 => Ok(Answer::Conflict(
                text.trim_end().parse().context("a 409 without a size")?,
            )),
            s => bail!("{endpoint} answered {s}: {}", text.trim()),
        }
    })
    .await?
}
