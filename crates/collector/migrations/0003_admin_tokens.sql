-- Per-brand admin tokens (owner: c2): a merchant logs in to its own brand's view only.
-- Only the token's SHA-256 is stored; issuing a new one replaces the brand's old one.
CREATE TABLE admin_tokens (
    token_hash TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL UNIQUE REFERENCES brands(id),
    created_at BIGINT NOT NULL
);
