//! Review links. A link's token is HMAC-SHA256 of the invitation id under a secret
//! derived from the collector key: 256 bits an outsider cannot guess, the same for
//! the invitation and its one reminder, and the database stores only its sha256, so
//! a copy of the database cannot write reviews. A token is bound to brand, order and
//! product (through its invitation), single use, and expires 60 days after the
//! invitation was sent.

use anyhow::Result;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};
use trust_manifest::SecretKey;

/// How long a link stays valid after the invitation was sent.
pub const VALID_SECS: i64 = 60 * 86_400;

/// What a token is bound to.
#[derive(Debug, Clone)]
pub struct Binding {
    pub invitation_id: String,
    pub brand_id: String,
    pub brand_name: String,
    pub order_id: String,
    pub product_id: String,
    pub product_title: String,
    pub locale: Option<String>,
    pub market: Option<String>,
    pub email: Option<String>,
}

/// Why a link does not open the form.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Refused {
    /// Not a token we issued, not yet sent, or malformed.
    Invalid,
    Expired,
    /// A review was already submitted with it.
    Used,
}

/// The link secret: a hash of the collector key under a fixed label, so it changes
/// when (and only when) the key does, and every instance sharing the key agrees.
pub fn link_secret(key: &SecretKey) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"trust-collector review links v1\0");
    h.update(key.to_text().as_bytes());
    h.finalize().into()
}

/// The token of an invitation's link (43 base64url characters).
pub fn link_token(secret: &[u8; 32], invitation_id: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    m.update(invitation_id.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(m.finalize().into_bytes())
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// 43 base64url characters: checked before the database is asked, which keeps
/// hostile path segments out of queries and logs.
pub fn well_formed(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a token opens, or why it opens nothing.
pub async fn check(
    conn: &mut AnyConnection,
    token: &str,
    now: i64,
) -> Result<Result<Binding, Refused>> {
    if !well_formed(token) {
        return Ok(Err(Refused::Invalid));
    }
    let row = sqlx::query(
        "SELECT i.id, i.brand_id, b.name, i.order_id, i.product_id, i.expires_at, i.used_at, \
         t.title, o.locale, o.country, o.email FROM invitations i \
         JOIN brands b ON b.id = i.brand_id \
         JOIN orders o ON o.brand_id = i.brand_id AND o.order_id = i.order_id \
         LEFT JOIN order_items t ON t.brand_id = i.brand_id AND t.order_id = i.order_id AND t.product_id = i.product_id \
         WHERE i.token_hash = $1",
    )
    .bind(hash(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(Err(Refused::Invalid));
    };
    if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
        return Ok(Err(Refused::Used));
    }
    match row.try_get::<Option<i64>, _>("expires_at")? {
        None => return Ok(Err(Refused::Invalid)),
        Some(e) if e <= now => return Ok(Err(Refused::Expired)),
        Some(_) => {}
    }
    Ok(Ok(Binding {
        invitation_id: row.try_get("id")?,
        brand_id: row.try_get("brand_id")?,
        brand_name: row.try_get("name")?,
        order_id: row.try_get("order_id")?,
        product_id: row.try_get("product_id")?,
        product_title: row
            .try_get::<Option<String>, _>("title")?
            .unwrap_or_default(),
        locale: row.try_get("locale")?,
        market: row.try_get("country")?,
        email: row.try_get("email")?,
    }))
}

/// Uses the token, atomically: false if it was used or expired meanwhile (a
/// concurrent submission won). Call inside the transaction that stores the review.
pub async fn consume(conn: &mut AnyConnection, b: &Binding, now: i64) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE invitations SET used_at = $1, state = 'reviewed' WHERE id = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(&b.invitation_id)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_keyed_and_hashed() {
        let k1 = SecretKey::from_seed(&[1; 32]);
        let k2 = SecretKey::from_seed(&[2; 32]);
        let a = link_token(&link_secret(&k1), "inv-1");
        assert_eq!(
            a,
            link_token(&link_secret(&k1), "inv-1"),
            "the reminder carries the same link"
        );
        assert_ne!(a, link_token(&link_secret(&k1), "inv-2"));
        assert_ne!(
            a,
            link_token(&link_secret(&k2), "inv-1"),
            "another key, another token"
        );
        assert!(well_formed(&a), "{a}");
        assert_eq!(hash(&a).len(), 64);
        for bad in [
            "",
            "short",
            "../../etc/passwd",
            &"a".repeat(44),
            &format!("{}=", &a[..42]),
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
    }
}
