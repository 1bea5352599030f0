-- The public review log (issue 15, owner: h-log-core; ARCHITECTURE.md "The review
-- log"). Same portability rules as 0001. Leaves are appended in the transaction
-- that publishes or removes what they record; `integrated` entries are in the
-- tiles and in the latest checkpoint (log/sequence.rs).

-- One row (id 1): appending takes its row lock (PostgreSQL) or the one writer
-- (SQLite), so leaf indices are dense and assigned in commit order.
CREATE TABLE log_head (
    id BIGINT PRIMARY KEY,
    size BIGINT NOT NULL,
    integrated BIGINT NOT NULL
);
INSERT INTO log_head (id, size, integrated) VALUES (1, 0, 0);

-- Every leaf: `entry` is the leaf's bytes (one line of compact JSON, no newline).
-- `kind` 'review' (statement = base64 SHA-256 of the review as served) or
-- 'removal' (reason = the moderation reason code).
CREATE TABLE log_entries (
    idx BIGINT PRIMARY KEY,
    brand_id TEXT NOT NULL,
    review_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    statement TEXT,
    reason TEXT,
    entry TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX log_entries_review ON log_entries (brand_id, review_id, idx);

-- Hash tiles (tlog-tiles): `data` is the base64 of width x 32 bytes. A full tile
-- (width 256) is written once; the partial tile of each level is replaced as it
-- grows, so the rows with width < 256 are the tree's right edge.
CREATE TABLE log_tiles (
    level BIGINT NOT NULL,
    n BIGINT NOT NULL,
    width BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (level, n)
);

-- Checkpoints the log key signed (`note`), and the same note with the witnesses'
-- cosignatures once gathered (`cosigned`).
CREATE TABLE log_checkpoints (
    size BIGINT PRIMARY KEY,
    note TEXT NOT NULL,
    cosigned TEXT,
    at BIGINT NOT NULL
);

-- The tree size each configured witness last cosigned (by its verifier key), so
-- the next request proves consistency from there.
CREATE TABLE log_witnesses (
    vkey TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    at BIGINT NOT NULL
);
