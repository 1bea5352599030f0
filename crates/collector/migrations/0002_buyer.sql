-- The buyer flow's tables (owner: c2, collector buyer flow; see notes/collector-layout.md).
-- Same portability rules as 0001: BIGINT Unix seconds, BIGINT 0/1 flags, TEXT ids.

-- One invitation per ordered product; the token is stored only as its SHA-256.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL REFERENCES brands(id),
    order_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    state TEXT NOT NULL DEFAULT 'pending',
    due_at BIGINT NOT NULL,
    expires_at BIGINT,
    sent_at BIGINT,
    reminded_at BIGINT,
    used_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (brand_id, order_id, product_id)
);
CREATE INDEX invitations_due ON invitations (state, due_at);

-- Pending sends (the outbox): claimed with a lease so a crash loses none and two
-- instances send none twice (FOR UPDATE SKIP LOCKED on PostgreSQL).
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL,
    invitation_id TEXT NOT NULL REFERENCES invitations(id),
    kind TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_by TEXT,
    locked_until BIGINT,
    sent_at BIGINT,
    last_error TEXT,
    UNIQUE (invitation_id, kind)
);
CREATE INDEX outbox_due ON outbox (state, due_at);

CREATE TABLE unsubscribes (
    brand_id TEXT NOT NULL,
    email_hash TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, email_hash)
);

CREATE TABLE moderation_log (
    id TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL,
    review_id TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT,
    actor TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX moderation_brand ON moderation_log (brand_id, at);

CREATE TABLE replies (
    review_id TEXT PRIMARY KEY REFERENCES reviews(id),
    brand_id TEXT NOT NULL,
    body TEXT NOT NULL,
    at BIGINT NOT NULL
);
