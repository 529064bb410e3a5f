-- Environments, deployed versions and released versions (record-deployment / record-release), plus matrix indexes.

CREATE TABLE environments (
  id serial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  name text NOT NULL UNIQUE,
  display_name text,
  production boolean NOT NULL DEFAULT false,
  contacts jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The official broker seeds these two so can-i-deploy --to-environment works on a new install.
INSERT INTO environments (uuid, name, display_name, production)
VALUES (gen_random_uuid()::text, 'test', 'Test', false),
       (gen_random_uuid()::text, 'production', 'Production', true);

-- `application_instance` is '' (not NULL) when absent so one unique index covers "one current deployment per instance".
CREATE TABLE deployed_versions (
  id serial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  version_id integer NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
  pacticipant_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  environment_id integer NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  application_instance text NOT NULL DEFAULT '',
  currently_deployed boolean NOT NULL DEFAULT true,
  undeployed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX deployed_versions_current_instance
  ON deployed_versions (pacticipant_id, environment_id, application_instance) WHERE currently_deployed;
CREATE INDEX deployed_versions_env_current ON deployed_versions (environment_id, pacticipant_id) WHERE currently_deployed;
CREATE INDEX deployed_versions_version ON deployed_versions (version_id);

CREATE TABLE released_versions (
  id serial PRIMARY KEY,
  uuid text NOT NULL UNIQUE,
  version_id integer NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
  pacticipant_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  environment_id integer NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
  support_ended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (version_id, environment_id)
);
CREATE INDEX released_versions_env_current ON released_versions (environment_id, pacticipant_id) WHERE support_ended_at IS NULL;

-- The matrix looks verifications up by (pact content, provider version) and wants the newest first.
CREATE INDEX verifications_matrix ON verifications (pact_version_id, provider_version_id, id DESC);
-- and pacts by (consumer version, provider).
CREATE INDEX pact_publications_consumer_version ON pact_publications (consumer_version_id, provider_id);
