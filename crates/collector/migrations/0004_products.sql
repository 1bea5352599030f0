-- Product ids (owner: collector core). An order system names a product its own way
-- (Shopify: a numeric product id, a SKU per variant); the brand's manifest names it
-- by its own `id`, and the widget matches a review to a product page by that id. So
-- each brand has a mapping, applied when reviews are published (products.rs).

-- The brand's products as its manifest lists them, as last read by
-- `trust-collector brand products --manifest` (replaced as a whole each time).
CREATE TABLE brand_products (
    brand_id TEXT NOT NULL REFERENCES brands(id),
    product_id TEXT NOT NULL,
    sku TEXT,
    gtin TEXT,
    handle TEXT,
    name TEXT NOT NULL,
    PRIMARY KEY (brand_id, product_id)
);

-- The order system's product id -> the manifest's product id. `matched_by`: 'set'
-- (by the operator, never replaced automatically), or how an automatic match was
-- made: 'id' / 'handle' (the order system's id is the manifest product's id or
-- handle), 'sku' / 'gtin' (a line item's SKU is the manifest product's SKU or GTIN).
CREATE TABLE product_map (
    brand_id TEXT NOT NULL REFERENCES brands(id),
    external_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    matched_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, external_id)
);

-- Line items by product (matching and the admin page's product list).
CREATE INDEX order_items_product ON order_items (brand_id, product_id);
