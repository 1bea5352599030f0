//! Sending one claimed row over SMTP, and what each SMTP outcome does to the row.

use anyhow::Result;

use super::claim::{commit_sent, finish, retry, uncommit, Claim};
use super::message::{compose, details};
use crate::invite;
use crate::mail::{Sent, Session, SmtpTarget};
use crate::serve::AppState;

/// Longest one message may take from MAIL to the server's reply.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Sends one claimed row over `session` (opened on demand).
pub(super) async fn deliver(
    state: &AppState,
    target: &SmtpTarget,
    session: &mut Option<Session>,
    c: &Claim,
    holder: &str,
) -> Result<()> {
    let d = details(state, &c.invitation_id).await?;
    let Some(email) = d.email.clone() else {
        return finish(
            state,
            c,
            holder,
            "cancelled",
            "address deleted (invitation window closed)",
        )
        .await;
    };
    if d.used {
        return finish(state, c, holder, "cancelled", "already reviewed").await;
    }
    {
        let mut conn = state.db.pool.acquire().await?;
        if invite::unsubscribed(&mut conn, &d.brand_id, &email).await? {
            return finish(state, c, holder, "cancelled", "unsubscribed").await;
        }
    }
    let message = match compose(state, c, &d, &email) {
        Ok(m) => m,
        Err(e) => return finish(state, c, holder, "failed", &format!("{e:#}")).await,
    };
    if session.as_ref().is_none_or(|s| !s.usable()) {
        *session = Some(Session::open(target).await?);
    }
    let s = session.as_mut().expect("opened above");
    let bytes = message.formatted();
    let send = s.send(&state.config.smtp_from, &email, &bytes, || {
        commit_sent(state, c, holder)
    });
    // lettre bounds only the connect: a server that stops answering must not stall
    // the outbox. If "sent" was committed before the stall, the row stays sent (and
    // `retry` below changes nothing); otherwise it is retried.
    let outcome = match tokio::time::timeout(SEND_TIMEOUT, send).await {
        Ok(o) => o,
        Err(_) => Err(anyhow::anyhow!(
            "the SMTP server did not answer within {SEND_TIMEOUT:?}"
        )),
    };
    match outcome {
        Ok(Sent::Delivered) => tracing::info!(outbox = %c.id, kind = c.kind.as_str(), "sent"),
        Ok(Sent::NotCommitted) => {
            tracing::warn!(outbox = %c.id, "claim lost to another sender; not sent here")
        }
        Ok(Sent::Refused(e)) => {
            tracing::warn!(outbox = %c.id, error = %e, "server refused the message; will retry");
            *session = None;
            uncommit(state, c, holder, &e).await?;
        }
        Ok(Sent::Unknown(e)) => {
            tracing::warn!(outbox = %c.id, error = %e, "connection failed after the message was written; kept as sent");
            *session = None;
        }
        Err(e) => {
            *session = None;
            retry(state, c, holder, &format!("{e:#}")).await?;
        }
    }
    Ok(())
}
