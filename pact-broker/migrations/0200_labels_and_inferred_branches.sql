-- Pacticipant labels; which branches and deployments the broker inferred itself (first tag as branch, tags named
-- like an environment) rather than a client naming them; when a branch last got a version; broker-wide settings.

CREATE TABLE labels (
  pacticipant_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (pacticipant_id, name)
);
CREATE INDEX labels_name ON labels (name);

ALTER TABLE branch_versions ADD COLUMN auto_created boolean NOT NULL DEFAULT false;
ALTER TABLE deployed_versions ADD COLUMN auto_created boolean NOT NULL DEFAULT false;
ALTER TABLE branches ADD COLUMN IF NOT EXISTS updated_at timestamptz;
UPDATE branches SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE branches ALTER COLUMN updated_at SET DEFAULT clock_timestamp(), ALTER COLUMN updated_at SET NOT NULL;

-- Values the broker writes for itself (the official `config` table), e.g. that example data was seeded once.
CREATE TABLE broker_settings (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
