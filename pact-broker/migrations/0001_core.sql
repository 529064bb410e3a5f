-- Core tables: pacticipants, versions, branches, tags, pact content and publications, verifications.

CREATE TABLE pacticipants (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  display_name text,
  repository_url text,
  repository_name text,
  repository_namespace text,
  main_branch text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- `ord` orders versions by creation (the official default, order_versions_by_date).
CREATE SEQUENCE version_order_seq;
CREATE TABLE versions (
  id serial PRIMARY KEY,
  pacticipant_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  number text NOT NULL,
  ord bigint NOT NULL DEFAULT nextval('version_order_seq'),
  build_url text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (pacticipant_id, number)
);
CREATE INDEX versions_pacticipant_ord ON versions (pacticipant_id, ord DESC);

CREATE TABLE branches (
  id serial PRIMARY KEY,
  pacticipant_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (pacticipant_id, name)
);

CREATE TABLE branch_versions (
  id serial PRIMARY KEY,
  branch_id integer NOT NULL REFERENCES branches (id) ON DELETE CASCADE,
  version_id integer NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
  version_ord bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (branch_id, version_id)
);
CREATE INDEX branch_versions_head ON branch_versions (branch_id, version_ord DESC);
CREATE INDEX branch_versions_version ON branch_versions (version_id);

CREATE TABLE tags (
  id serial PRIMARY KEY,
  version_id integer NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
  pacticipant_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  name text NOT NULL,
  version_ord bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (version_id, name)
);
CREATE INDEX tags_head ON tags (pacticipant_id, name, version_ord DESC);

-- One row per distinct content of an integration: `sha` is over the normalised JSON.
CREATE TABLE pact_versions (
  id serial PRIMARY KEY,
  consumer_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  provider_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  sha text NOT NULL,
  content text NOT NULL,
  interactions_count integer NOT NULL DEFAULT 0,
  messages_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (consumer_id, provider_id, sha)
);
CREATE INDEX pact_versions_sha ON pact_versions (sha);

-- Which content a consumer version published for a provider (the latest revision wins).
CREATE TABLE pact_publications (
  id serial PRIMARY KEY,
  consumer_version_id integer NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
  consumer_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  provider_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  pact_version_id integer NOT NULL REFERENCES pact_versions (id) ON DELETE CASCADE,
  consumer_version_ord bigint NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (consumer_version_id, provider_id)
);
CREATE INDEX pact_publications_integration ON pact_publications (provider_id, consumer_id, consumer_version_ord DESC);
CREATE INDEX pact_publications_pact_version ON pact_publications (pact_version_id);

CREATE TABLE verifications (
  id serial PRIMARY KEY,
  number integer NOT NULL,
  pact_version_id integer NOT NULL REFERENCES pact_versions (id) ON DELETE CASCADE,
  provider_version_id integer NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
  consumer_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  provider_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  success boolean NOT NULL,
  build_url text,
  test_results jsonb,
  verified_by jsonb,
  wip boolean NOT NULL DEFAULT false,
  pact_pending boolean,
  provider_version_branch text,
  execution_date timestamptz NOT NULL DEFAULT clock_timestamp(),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (pact_version_id, number)
);
CREATE INDEX verifications_provider_version ON verifications (provider_version_id);
CREATE INDEX verifications_integration ON verifications (provider_id, consumer_id, id DESC);
