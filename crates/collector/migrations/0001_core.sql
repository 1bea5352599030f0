-- The collector's core tables (owner: collector core, see notes/collector-layout.md).
-- Portable SQL: the same file runs on SQLite and PostgreSQL. Times are BIGINT Unix
-- seconds, flags BIGINT 0/1, ids TEXT chosen by the application (no AUTOINCREMENT or
-- SERIAL, which differ between the two).

CREATE TABLE brands (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- ed25519:BASE64, the key-set root every statement about this brand is bound to.
    root TEXT NOT NULL,
    shop_domain TEXT NOT NULL UNIQUE,
    webhook_secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Bumped by every change to what is published (a review, a moderation decision);
    -- the publisher re-publishes while it is ahead of publications.published_seq.
    change_seq BIGINT NOT NULL DEFAULT 0
);

-- Webhook deliveries seen, so a repeated delivery id is a no-op.
CREATE TABLE webhook_events (
    brand_id TEXT NOT NULL REFERENCES brands(id),
    source TEXT NOT NULL,
    event_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, source, event_id)
);

-- Only what invitations need. `email` is set to NULL when `window_closes_at` passes
-- (the retention rule, README "Retention").
CREATE TABLE orders (
    brand_id TEXT NOT NULL REFERENCES brands(id),
    order_id TEXT NOT NULL,
    source TEXT NOT NULL,
    email TEXT,
    locale TEXT,
    country TEXT,
    created_at BIGINT NOT NULL,
    fulfilled_at BIGINT,
    window_closes_at BIGINT NOT NULL,
    email_deleted_at BIGINT,
    PRIMARY KEY (brand_id, order_id)
);
CREATE INDEX orders_window ON orders (window_closes_at);

CREATE TABLE order_items (
    brand_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    sku TEXT,
    title TEXT,
    PRIMARY KEY (brand_id, order_id, product_id),
    FOREIGN KEY (brand_id, order_id) REFERENCES orders(brand_id, order_id)
);

-- Reviews as submitted through the form (written by form.rs, read by publish.rs).
-- `status`: 'published' or 'removed' (moderation.rs; the reason lives in its log).
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    brand_id TEXT NOT NULL REFERENCES brands(id),
    order_id TEXT NOT NULL,
    product_id TEXT,
    invitation_id TEXT UNIQUE,
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title TEXT,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    language TEXT NOT NULL,
    market TEXT,
    incentivized BIGINT NOT NULL DEFAULT 0,
    submitted_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'published',
    changed_at BIGINT NOT NULL
);
CREATE INDEX reviews_brand ON reviews (brand_id, status, submitted_at);

-- Photos of a review, re-encoded by photos.rs; `file` is the name under
-- DATA_DIR/photos/, served at /v1/brands/{brand}/photos/{file}.
CREATE TABLE review_photos (
    review_id TEXT NOT NULL REFERENCES reviews(id),
    brand_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    content_type TEXT NOT NULL,
    alt TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);

-- The brand's current publication (one row per brand) and the page files of every
-- root still served (the current one and its predecessor, for widgets mid-session).
CREATE TABLE publications (
    brand_id TEXT PRIMARY KEY REFERENCES brands(id),
    root TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    review_count BIGINT NOT NULL,
    published_seq BIGINT NOT NULL,
    pages BIGINT NOT NULL,
    index_json TEXT NOT NULL,
    aggregate_json TEXT NOT NULL
);

CREATE TABLE publication_pages (
    brand_id TEXT NOT NULL,
    root TEXT NOT NULL,
    n BIGINT NOT NULL,
    body TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, root, n)
);
