-- Webhooks, their outbox of triggered deliveries (written in the triggering transaction) and execution logs.

CREATE TABLE webhooks (
  id serial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  description text,
  consumer_id integer REFERENCES pacticipants (id) ON DELETE CASCADE,
  provider_id integer REFERENCES pacticipants (id) ON DELETE CASCADE,
  events text[] NOT NULL,
  request jsonb NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX webhooks_consumer ON webhooks (consumer_id);
CREATE INDEX webhooks_provider ON webhooks (provider_id);

-- The outbox: one row per (webhook, event occurrence). `request` is rendered when the event happens, so a delivery
-- is self-contained; `locked_until` is a lease so a crashed relay's claim expires and another process retries it.
CREATE TABLE webhook_deliveries (
  id serial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  webhook_id integer REFERENCES webhooks (id) ON DELETE SET NULL,
  webhook_uuid text NOT NULL,
  event_name text NOT NULL,
  consumer_id integer REFERENCES pacticipants (id) ON DELETE CASCADE,
  provider_id integer REFERENCES pacticipants (id) ON DELETE CASCADE,
  pact_version_id integer,
  verification_id integer,
  context jsonb NOT NULL,
  request jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'success', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_uuid, id DESC);
CREATE INDEX webhook_deliveries_integration ON webhook_deliveries (provider_id, consumer_id, id DESC);

CREATE TABLE webhook_executions (
  id serial PRIMARY KEY,
  delivery_id integer NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  success boolean NOT NULL,
  response_status integer,
  error text,
  logs text NOT NULL,
  duration_ms integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX webhook_executions_delivery ON webhook_executions (delivery_id, id);
