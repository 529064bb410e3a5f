-- Orders as orders-service stores them: one row per order, line items as a JSON snapshot taken at order time.
CREATE TABLE orders (
  id                   uuid        PRIMARY KEY,
  customer_id          text        NOT NULL,
  status               text        NOT NULL
    CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
  channel              text        NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'mobile', 'pos', 'api')),
  items                jsonb       NOT NULL,
  currency             text        NOT NULL,
  total_amount         bigint      NOT NULL CHECK (total_amount >= 0),
  shipping_address     jsonb       NOT NULL,
  notes                text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  cancellation_reason  text,
  cancellation_comment text,
  cancelled_at         timestamptz
);

-- Listing is newest first, optionally by status, paged by (created_at, id).
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC);
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id DESC);
