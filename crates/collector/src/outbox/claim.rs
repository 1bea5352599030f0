//! A claimed row's life: taken with a lease, then sent, retried, undone or ended by its holder.

use anyhow::Result;
use sqlx::Row;

use super::{enqueue, Kind};
use crate::db::{now, Backend};
use crate::serve::AppState;
use crate::tokens;

/// After this many failed attempts a row is marked `failed` (shown in the admin view).
const MAX_ATTEMPTS: i64 = 8;
/// Rows per claim.
const BATCH: i64 = 10;

/// A claimed row.
#[derive(Debug)]
pub(super) struct Claim {
    pub(super) id: String,
    pub(super) invitation_id: String,
    pub(super) kind: Kind,
    pub(super) attempts: i64,
}

/// Claims up to `BATCH` due rows for `holder` until `now + lease`.
pub(super) async fn claim(state: &AppState, holder: &str, now: i64) -> Result<Vec<Claim>> {
    let lock = match state.db.backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_by = $1, locked_until = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND due_at <= $3 \
         AND (locked_until IS NULL OR locked_until < $3) ORDER BY due_at LIMIT $4{lock}) \
         RETURNING id, invitation_id, kind, attempts"
    );
    let rows = sqlx::query(&sql)
        .bind(holder)
        .bind(now + state.config.outbox_lease)
        .bind(now)
        .bind(BATCH)
        .fetch_all(&state.db.pool)
        .await?;
    rows.into_iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Claim {
                id: r.try_get("id")?,
                invitation_id: r.try_get("invitation_id")?,
                kind: if kind == "reminder" {
                    Kind::Reminder
                } else {
                    Kind::Invite
                },
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

/// Ends a claimed row without sending (`cancelled`) or for good (`failed`).
pub(super) async fn finish(
    state: &AppState,
    c: &Claim,
    holder: &str,
    to: &str,
    why: &str,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET state = $1, last_error = $2, locked_until = NULL WHERE id = $3 AND locked_by = $4 AND state = 'pending'")
        .bind(to)
        .bind(why)
        .bind(&c.id)
        .bind(holder)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Leaves a row for a later attempt (backoff doubles per attempt, up to an hour).
pub(super) async fn retry(state: &AppState, c: &Claim, holder: &str, error: &str) -> Result<()> {
    if c.attempts >= MAX_ATTEMPTS {
        return finish(state, c, holder, "failed", error).await;
    }
    let backoff = (30i64 << c.attempts.clamp(0, 7)).min(3600);
    sqlx::query("UPDATE outbox SET locked_until = $1, last_error = $2 WHERE id = $3 AND locked_by = $4 AND state = 'pending'")
        .bind(now() + backoff)
        .bind(error)
        .bind(&c.id)
        .bind(holder)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Records "sent" if `holder` still holds the row; schedules the one reminder.
pub(super) async fn commit_sent(state: &AppState, c: &Claim, holder: &str) -> Result<bool> {
    let mut tx = state.db.pool.begin().await?;
    let t = now();
    let won = sqlx::query("UPDATE outbox SET state = 'sent', sent_at = $1 WHERE id = $2 AND locked_by = $3 AND state = 'pending'")
        .bind(t)
        .bind(&c.id)
        .bind(holder)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if !won {
        tx.rollback().await?;
        return Ok(false);
    }
    match c.kind {
        Kind::Invite => {
            let r = sqlx::query(
                "UPDATE invitations SET state = 'sent', sent_at = $1, expires_at = $2 WHERE id = $3 RETURNING brand_id",
            )
            .bind(t)
            .bind(t + tokens::VALID_SECS)
            .bind(&c.invitation_id)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(after) = state.config.remind_after {
                let brand: String = r.try_get("brand_id")?;
                enqueue(&mut tx, &brand, &c.invitation_id, Kind::Reminder, t + after).await?;
            }
        }
        Kind::Reminder => {
            sqlx::query("UPDATE invitations SET reminded_at = $1 WHERE id = $2")
                .bind(t)
                .bind(&c.invitation_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Undoes "sent" after the server refused the message (it was not delivered).
pub(super) async fn uncommit(state: &AppState, c: &Claim, holder: &str, error: &str) -> Result<()> {
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("UPDATE outbox SET state = 'pending', sent_at = NULL WHERE id = $1 AND locked_by = $2 AND state = 'sent'")
        .bind(&c.id)
        .bind(holder)
        .execute(&mut *tx)
        .await?;
    if c.kind == Kind::Invite {
        sqlx::query("UPDATE invitations SET state = 'pending', sent_at = NULL, expires_at = NULL WHERE id = $1")
            .bind(&c.invitation_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM outbox WHERE invitation_id = $1 AND kind = 'reminder' AND state = 'pending'")
            .bind(&c.invitation_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    retry(state, c, holder, error).await
}
