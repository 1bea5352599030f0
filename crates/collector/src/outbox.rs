//! The outbox: every pending email is a row, claimed with a lease, sent, and marked
//! "sent" by the claim holder only. A crash loses none (an unfinished claim expires and
//! the row is claimed again) and sends none twice (mail.rs: "sent" is committed, on the
//! condition that this claim still holds it, before the message becomes deliverable).
//! Several instances share one PostgreSQL: the claim takes rows with
//! `FOR UPDATE SKIP LOCKED`, so two instances never claim the same row; on SQLite the
//! claim is one `UPDATE … RETURNING`, atomic under SQLite's single writer.
//! ARCHITECTURE.md "Outbox".

use anyhow::{Context, Result};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use sqlx::{AnyConnection, Row};

use crate::db::{now, Backend};
use crate::invite;
use crate::mail::{Sent, Session, SmtpTarget};
use crate::serve::AppState;
use crate::tokens;

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

/// After this many failed attempts a row is marked `failed` (shown in the admin view).
const MAX_ATTEMPTS: i64 = 8;
/// Rows per claim.
const BATCH: i64 = 10;
/// Longest one message may take from MAIL to the server's reply.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

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

/// A claimed row.
#[derive(Debug)]
struct Claim {
    id: String,
    invitation_id: String,
    kind: Kind,
    attempts: i64,
}

/// Claims up to `BATCH` due rows for `holder` until `now + lease`.
async fn claim(state: &AppState, holder: &str, now: i64) -> Result<Vec<Claim>> {
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

/// Everything one email needs, read at send time (an address deleted by the
/// retention rule or unsubscribed since is never mailed).
struct Details {
    brand_id: String,
    brand_name: String,
    email: Option<String>,
    locale: Option<String>,
    product_title: String,
    used: bool,
}

async fn details(state: &AppState, invitation_id: &str) -> Result<Details> {
    let r = sqlx::query(
        "SELECT i.brand_id, b.name, o.email, o.locale, t.title, i.used_at FROM invitations i \
         JOIN brands b ON b.id = i.brand_id \
         JOIN orders o ON o.brand_id = i.brand_id AND o.order_id = i.order_id \
         LEFT JOIN order_items t ON t.brand_id = i.brand_id AND t.order_id = i.order_id AND t.product_id = i.product_id \
         WHERE i.id = $1",
    )
    .bind(invitation_id)
    .fetch_one(&state.db.pool)
    .await?;
    let used: Option<i64> = r.try_get("used_at")?;
    Ok(Details {
        brand_id: r.try_get("brand_id")?,
        brand_name: r.try_get("name")?,
        email: r.try_get("email")?,
        locale: r.try_get("locale")?,
        product_title: r.try_get::<Option<String>, _>("title")?.unwrap_or_default(),
        used: used.is_some(),
    })
}

/// Ends a claimed row without sending (`cancelled`) or for good (`failed`).
async fn finish(state: &AppState, c: &Claim, holder: &str, to: &str, why: &str) -> Result<()> {
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
async fn retry(state: &AppState, c: &Claim, holder: &str, error: &str) -> Result<()> {
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
async fn commit_sent(state: &AppState, c: &Claim, holder: &str) -> Result<bool> {
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
async fn uncommit(state: &AppState, c: &Claim, holder: &str, error: &str) -> Result<()> {
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

/// The RFC 5322 message of one claimed row.
fn compose(state: &AppState, c: &Claim, d: &Details, to: &str) -> Result<Message> {
    let lang = crate::lang::pick(d.locale.as_deref());
    let token = tokens::link_token(&tokens::link_secret(&state.key), &c.invitation_id);
    let base = &state.config.public_url;
    let link = format!("{base}/r/{token}");
    let unsub = format!("{base}/r/{token}/unsubscribe");
    let l = invite::letter(
        lang,
        &d.brand_name,
        &d.product_title,
        &state.config.collector_name,
        &link,
        &unsub,
        c.kind == Kind::Reminder,
    );
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost");
    let from: Mailbox = format!(
        "{} <{}>",
        state.config.collector_name, state.config.smtp_from
    )
    .parse()
    .or_else(|_| state.config.smtp_from.parse())
    .context("TRUST_COLLECTOR_SMTP_FROM is not an address")?;
    Ok(Message::builder()
        .from(from)
        .to(to.parse().context("recipient")?)
        .subject(l.subject)
        // Stable per row: a mail client shows a duplicate as one message, should one ever occur.
        .message_id(Some(format!("<{}.{}@{host}>", c.id, c.kind.as_str())))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Content-Language"),
            lang.tag.into(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{unsub}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(l.text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(l.html),
                ),
        )?)
}

/// Sends one claimed row over `session` (opened on demand).
async fn deliver(
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
