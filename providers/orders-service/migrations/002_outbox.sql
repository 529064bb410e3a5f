-- Transactional outbox: an event row is written in the same transaction as the order change it describes;
-- the relay publishes unsent rows in `seq` order and stamps `sent_at` (at-least-once: a crash before the
-- stamp means the row is published again, and consumers de-duplicate on the event id).
CREATE TABLE outbox (
  seq            bigserial   PRIMARY KEY,
  event_id       uuid        NOT NULL UNIQUE,
  aggregate_id   uuid        NOT NULL,
  event_type     text        NOT NULL,
  schema_version integer     NOT NULL,
  routing_key    text        NOT NULL,
  payload        jsonb       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  sent_at        timestamptz,
  attempts       integer     NOT NULL DEFAULT 0,
  last_error     text
);

-- The relay only ever looks at unsent rows.
CREATE INDEX outbox_unsent_idx ON outbox (seq) WHERE sent_at IS NULL;
