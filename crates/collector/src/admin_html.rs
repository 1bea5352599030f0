//! The admin page's markup and the queries behind it. Every value from the database
//! (all of it buyer- or brand-supplied text) is escaped on output.

use anyhow::Result;
use sqlx::Row;

use crate::admin::{csrf_field, urlencode};
use crate::admin_session::Scope;
use crate::html::escape as e;
use crate::moderation::Reason;
use crate::serve::AppState;

/// Rows shown per table (newest first).
const ROWS: i64 = 100;

pub fn login(error: Option<&str>) -> String {
    let err = error
        .map(|m| {
            format!(
                "<p class=\"err\" id=\"token-error\" role=\"alert\">{}</p>",
                e(m)
            )
        })
        .unwrap_or_default();
    let aria = if error.is_some() {
        " aria-invalid=\"true\" aria-describedby=\"token-error\""
    } else {
        ""
    };
    format!(
        "<h1>Collector admin</h1><form method=\"post\" action=\"/admin/login\"><div class=\"field\">\
         <label class=\"f\" for=\"token\">Admin token</label>{err}\
         <input type=\"text\" name=\"token\" id=\"token\" autocomplete=\"current-password\" required{aria}></div>\
         <button type=\"submit\">Log in</button></form>"
    )
}

fn when(t: Option<i64>) -> String {
    match t {
        None => "–".into(),
        Some(t) => {
            // UTC, minutes: YYYY-MM-DD HH:MM without a date crate.
            let days = t.div_euclid(86_400);
            let secs = t.rem_euclid(86_400);
            let (y, m, d) = civil(days);
            format!(
                "{y:04}-{m:02}-{d:02} {:02}:{:02}",
                secs / 3600,
                secs % 3600 / 60
            )
        }
    }
}

/// Days since 1970-01-01 to (year, month, day) (H. Hinnant's algorithm).
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn logout(csrf: &str) -> String {
    format!("<form method=\"post\" action=\"/admin/logout\">{}<button type=\"submit\" class=\"secondary\">Log out</button></form>", csrf_field(csrf))
}

pub async fn dashboard(state: &AppState, scope: &Scope, csrf: &str) -> Result<String> {
    let rows = sqlx::query(
        "SELECT b.id, b.name, (SELECT COUNT(*) FROM reviews r WHERE r.brand_id = b.id) AS reviews, \
         (SELECT COUNT(*) FROM outbox x WHERE x.brand_id = b.id AND x.state = 'pending') AS pending \
         FROM brands b WHERE $1 = '*' OR b.id = $1 ORDER BY b.id",
    )
    // A brand's login lists its own brand only.
    .bind(match scope {
        Scope::All => "*",
        Scope::Brand(b) => b.as_str(),
    })
    .fetch_all(&state.db.pool)
    .await?;
    let mut h = String::from("<h1>Collector admin</h1><h2>Brands</h2><div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Brands\"><table><thead><tr><th scope=\"col\">Brand</th><th scope=\"col\">Name</th><th scope=\"col\">Reviews</th><th scope=\"col\">Pending sends</th></tr></thead><tbody>");
    for r in rows {
        let id: String = r.try_get("id")?;
        h.push_str(&format!(
            "<tr><td><a href=\"/admin/brands/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(&urlencode(&id)),
            e(&id),
            e(&r.try_get::<String, _>("name")?),
            r.try_get::<i64, _>("reviews")?,
            r.try_get::<i64, _>("pending")?
        ));
    }
    h.push_str("</tbody></table></div>");
    h.push_str(&logout(csrf));
    Ok(h)
}

pub(crate) fn table(caption: &str, heads: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut h = format!(
        "<h2>{c}</h2><div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{c}\"><table><thead><tr>",
        c = e(caption)
    );
    for c in heads {
        h.push_str(&format!("<th scope=\"col\">{}</th>", e(c)));
    }
    h.push_str("</tr></thead><tbody>");
    for r in rows {
        h.push_str("<tr>");
        for c in r {
            // Cells are HTML built by the callers from escaped values.
            h.push_str(&format!("<td>{c}</td>"));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    h
}

fn opt(r: &sqlx::any::AnyRow, col: &str) -> Result<String> {
    Ok(e(&r.try_get::<Option<String>, _>(col)?.unwrap_or_default()))
}

pub async fn brand(state: &AppState, id: &str, csrf: &str) -> Result<Option<String>> {
    let pool = &state.db.pool;
    let Some(b) = sqlx::query("SELECT name FROM brands WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let name: String = b.try_get("name")?;
    let base = format!("/admin/brands/{}", urlencode(id));
    let mut h = format!(
        "<nav><a href=\"/admin\">All brands</a></nav><h1>{} <small>({})</small></h1>",
        e(&name),
        e(id)
    );

    let orders = sqlx::query("SELECT order_id, source, locale, country, created_at, fulfilled_at, email IS NULL AS gone FROM orders WHERE brand_id = $1 ORDER BY created_at DESC LIMIT $2")
        .bind(id).bind(ROWS).fetch_all(pool).await?;
    let mut rows = vec![];
    for r in orders {
        let gone: bool = r
            .try_get::<i64, _>("gone")
            .map(|v| v != 0)
            .or_else(|_| r.try_get::<bool, _>("gone"))?;
        rows.push(vec![
            e(&r.try_get::<String, _>("order_id")?),
            e(&r.try_get::<String, _>("source")?),
            opt(&r, "locale")?,
            opt(&r, "country")?,
            when(r.try_get("created_at")?),
            when(r.try_get("fulfilled_at")?),
            (if gone { "deleted" } else { "kept" }).into(),
        ]);
    }
    h.push_str(&table(
        "Orders",
        &[
            "Order",
            "Source",
            "Locale",
            "Country",
            "Created",
            "Fulfilled",
            "Email",
        ],
        rows,
    ));

    let invs = sqlx::query(
        "SELECT i.order_id, i.product_id, i.state, i.due_at, i.sent_at, i.reminded_at, i.used_at, \
         (SELECT x.state FROM outbox x WHERE x.invitation_id = i.id AND x.kind = 'invite') AS send_state, \
         (SELECT x.last_error FROM outbox x WHERE x.invitation_id = i.id AND x.kind = 'invite') AS send_error \
         FROM invitations i WHERE i.brand_id = $1 ORDER BY i.due_at DESC LIMIT $2",
    )
    .bind(id).bind(ROWS).fetch_all(pool).await?;
    let mut rows = vec![];
    for r in invs {
        rows.push(vec![
            e(&r.try_get::<String, _>("order_id")?),
            e(&r.try_get::<String, _>("product_id")?),
            e(&r.try_get::<String, _>("state")?),
            when(r.try_get("due_at")?),
            when(r.try_get("sent_at")?),
            when(r.try_get("reminded_at")?),
            when(r.try_get("used_at")?),
            format!("{} {}", opt(&r, "send_state")?, opt(&r, "send_error")?),
        ]);
    }
    h.push_str(&table(
        "Invitations",
        &[
            "Order", "Product", "State", "Due", "Sent", "Reminded", "Reviewed", "Send",
        ],
        rows,
    ));

    let reviews = sqlx::query(
        "SELECT r.id, r.product_id, r.rating, r.title, r.body, r.author, r.incentivized, r.status, r.submitted_at, p.body AS reply \
         FROM reviews r LEFT JOIN replies p ON p.review_id = r.id WHERE r.brand_id = $1 ORDER BY r.submitted_at DESC LIMIT $2",
    )
    .bind(id).bind(ROWS).fetch_all(pool).await?;
    let reasons: String = Reason::ALL
        .iter()
        .map(|r| format!("<option value=\"{}\">{}</option>", r.code(), e(r.label())))
        .collect();
    let mut rows = vec![];
    for r in reviews {
        let rid: String = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        let act = format!("{base}/reviews/{}", urlencode(&rid));
        let change = if status == "published" {
            format!("<form method=\"post\" action=\"{a}/remove\">{c}<label for=\"reason-{i}\">Reason</label> <select name=\"reason\" id=\"reason-{i}\" required><option value=\"\"></option>{reasons}</select> <button type=\"submit\">Remove</button></form>",
                a = e(&act), c = csrf_field(csrf), i = e(&rid))
        } else {
            format!("<form method=\"post\" action=\"{}/restore\">{}<button type=\"submit\" class=\"secondary\">Restore</button></form>", e(&act), csrf_field(csrf))
        };
        let mut reply = format!(
            "<form method=\"post\" action=\"{a}/reply\">{c}<label for=\"reply-{i}\">Reply as {n}</label><textarea name=\"body\" id=\"reply-{i}\" maxlength=\"5000\" required>{v}</textarea><button type=\"submit\">Save reply</button></form>",
            a = e(&act), c = csrf_field(csrf), i = e(&rid), n = e(&name), v = opt(&r, "reply")?
        );
        if r.try_get::<Option<String>, _>("reply")?.is_some() {
            reply.push_str(&format!(
                "<form method=\"post\" action=\"{}/reply/remove\">{}<button type=\"submit\" class=\"secondary\">Remove reply</button></form>",
                e(&act), csrf_field(csrf)
            ));
        }
        rows.push(vec![
            when(r.try_get("submitted_at")?),
            e(&r.try_get::<Option<String>, _>("product_id")?
                .unwrap_or_default()),
            r.try_get::<i64, _>("rating")?.to_string(),
            format!(
                "<strong>{}</strong><br>{}",
                opt(&r, "title")?,
                e(&r.try_get::<String, _>("body")?)
            ),
            e(&r.try_get::<String, _>("author")?),
            (if r.try_get::<i64, _>("incentivized")? != 0 {
                "yes"
            } else {
                "no"
            })
            .into(),
            e(&status),
            format!("{change}{reply}"),
        ]);
    }
    h.push_str(&table(
        "Reviews",
        &[
            "Submitted",
            "Product",
            "Rating",
            "Review",
            "Name",
            "Incentive",
            "Status",
            "Moderation and reply",
        ],
        rows,
    ));

    h.push_str(&crate::admin_products::section(state, id).await?);

    let log = sqlx::query("SELECT at, review_id, action, reason, actor FROM moderation_log WHERE brand_id = $1 ORDER BY at DESC LIMIT $2")
        .bind(id).bind(ROWS).fetch_all(pool).await?;
    let mut rows = vec![];
    for r in log {
        rows.push(vec![
            when(r.try_get("at")?),
            e(&r.try_get::<String, _>("review_id")?),
            e(&r.try_get::<String, _>("action")?),
            opt(&r, "reason")?,
            e(&r.try_get::<String, _>("actor")?),
        ]);
    }
    h.push_str(&table(
        "Moderation log",
        &["Time (UTC)", "Review", "Decision", "Reason", "By"],
        rows,
    ));
    h.push_str("<p>The brand's replies are logged here too (reply, reply-edit, reply-remove): a reply is published with its review as the brand's words; the review itself cannot be edited.</p>");
    h.push_str("<p>Reviews are removed only for these reasons, never for their rating: ");
    h.push_str(
        &Reason::ALL
            .iter()
            .map(|r| e(r.label()))
            .collect::<Vec<_>>()
            .join("; "),
    );
    h.push_str(".</p>");
    h.push_str(&logout(csrf));
    Ok(Some(h))
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert_eq!(super::when(Some(0)), "1970-01-01 00:00");
        assert_eq!(super::when(Some(1_796_601_600)), "2026-12-07 00:00");
    }
}
