-- Shipments shipping-service creates from OrderPlaced events: one per order (the unique order_id makes a replay harmless).
CREATE TABLE IF NOT EXISTS shipments (
  id          uuid        PRIMARY KEY,
  order_id    uuid        NOT NULL UNIQUE,
  customer_id text        NOT NULL,
  method      text        NOT NULL CHECK (method IN ('parcel', 'store-pickup')),
  lines       jsonb       NOT NULL,
  event_id    text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
