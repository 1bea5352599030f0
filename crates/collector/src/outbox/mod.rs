//! The outbox: every pending email is a row, claimed with a lease, sent, and marked
//! "sent" by the claim holder only. A crash loses none (an unfinished claim expires and
//! the row is claimed again) and sends none twice (mail.rs: "sent" is committed, on the
//! condition that this claim still holds it, before the message becomes deliverable).
//! Several instances share one PostgreSQL: the claim takes rows with
//! `FOR UPDATE SKIP LOCKED`, so two instances never claim the same row; on SQLite the
//! claim is one `UPDATE … RETURNING`, atomic under SQLite's single writer.
//! ARCHITECTURE.md "Outbox".

mod claim;
mod deliver;
mod message;

use anyhow::{Context, Result};
use sqlx::AnyConnection;

use crate::db::now;
use crate::invite;
use crate::mail::{Session, SmtpTarget};
use crate::serve::AppState;

use claim::{claim, retry};
use deliver::deliver;

/// Invitation or its one reminder (UNIQUE (invitation_id, kind) keeps it at one each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Invite,
    Reminder,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invite => "invite",
            Kind::Reminder => "reminder",
        }
    }
}

pub async fn enqueue(
    conn: &mut AnyConnection,
    brand_id: &str,
    invitation_id: &str,
    kind: Kind,
    due: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (id, brand_id, invitation_id, kind, due_at, state, attempts) \
         VALUES ($1, $2, $3, $4, $5, 'pending', 0) ON CONFLICT (invitation_id, kind) DO NOTHING",
    )
    .bind(crate::keys::random_id())
    .bind(brand_id)
    .bind(invitation_id)
    .bind(kind.as_str())
    .bind(due)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One pass: claims due rows and sends them. Returns how many rows it handled.
pub async fn pass(
    state: &AppState,
    target: &SmtpTarget,
    session: &mut Option<Session>,
    holder: &str,
) -> Result<usize> {
    let claims = claim(state, holder, now()).await?;
    for c in &claims {
        if let Err(e) = deliver(state, target, session, c, holder).await {
            tracing::warn!(outbox = %c.id, error = %format!("{e:#}"), "send failed; will retry");
            *session = None;
            retry(state, c, holder, &format!("{e:#}")).await?;
        }
    }
    Ok(claims.len())
}

/// The SMTP server from the configuration (URL, credentials, extra CA).
pub fn smtp_target(state: &AppState, url: &str) -> Result<SmtpTarget> {
    let c = &state.config;
    let mut t = SmtpTarget::parse(url, c.smtp_user.clone(), c.smtp_password.clone())?;
    if let Some(ca) = &c.smtp_ca {
        t.ca_pem =
            Some(std::fs::read(ca).with_context(|| format!("cannot read {}", ca.display()))?);
    }
    Ok(t)
}

/// The sender loop, until shutdown. Without an SMTP URL invitations wait in the outbox.
pub async fn run(state: AppState) {
    let Some(url) = state.config.smtp_url.clone() else {
        tracing::warn!("no TRUST_COLLECTOR_SMTP_URL: invitations wait in the outbox");
        return;
    };
    let target = match smtp_target(&state, &url) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "bad SMTP URL; invitations wait in the outbox");
            return;
        }
    };
    let holder = crate::keys::random_id();
    let mut stop = state.shutdown.clone();
    let mut session: Option<Session> = None;
    let mut last_sweep = 0;
    loop {
        if *stop.borrow() {
            break;
        }
        let t = now();
        // Every 5 s: with a 0 s delay an invitation goes out within seconds of the webhook.
        if t - last_sweep >= 5 {
            last_sweep = t;
            if let Err(e) = invite::sweep(&state, t).await {
                tracing::warn!(error = %format!("{e:#}"), "invitation sweep failed");
            }
        }
        let handled = match pass(&state, &target, &mut session, &holder).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "outbox pass failed");
                0
            }
        };
        if handled == 0 {
            if let Some(s) = session.take() {
                s.quit().await;
            }
            if crate::serve::sleep_or_stop(&mut stop, 1).await {
                break;
            }
        }
    }
    if let Some(s) = session.take() {
        s.quit().await;
    }
}
