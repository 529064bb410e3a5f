-- Idempotency ledger for consumers of @accord/tolerant-reader: one row per (consumer, message id).
-- A row is 'in_progress' while a handler holds its lease and 'done' once the handler finished;
-- an expired 'in_progress' lease (the worker crashed) may be claimed again, so no message is lost.
CREATE TABLE IF NOT EXISTS accord_processed_messages (
  consumer     text        NOT NULL,
  message_id   text        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('in_progress', 'done')),
  claim_token  text        NOT NULL,
  attempts     integer     NOT NULL DEFAULT 1,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  lease_until  timestamptz NOT NULL,
  done_at      timestamptz,
  PRIMARY KEY (consumer, message_id)
);
