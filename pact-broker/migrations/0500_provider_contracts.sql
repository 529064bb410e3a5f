-- Provider contracts (bi-directional contract testing): the OpenAPI documents providers publish, one per provider
-- version, the history of their self-verifications, and the cached comparisons of pact contents with them.

-- Distinct documents per provider: `sha` is over the canonical JSON of the parsed document, so the same document
-- published as YAML or JSON, or reformatted, is one row.
CREATE TABLE provider_contract_versions (
  id serial PRIMARY KEY,
  provider_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  sha text NOT NULL,
  content text NOT NULL,
  content_type text NOT NULL,
  specification text NOT NULL DEFAULT 'oas',
  specification_version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (provider_id, sha)
);

CREATE TABLE provider_contract_publications (
  id serial PRIMARY KEY,
  provider_id integer NOT NULL REFERENCES pacticipants (id) ON DELETE CASCADE,
  provider_version_id integer NOT NULL UNIQUE REFERENCES versions (id) ON DELETE CASCADE,
  provider_contract_version_id integer NOT NULL REFERENCES provider_contract_versions (id),
  build_url text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX provider_contract_publications_provider ON provider_contract_publications (provider_id, id DESC);

-- The newest row of a publication is its current self-verification.
CREATE TABLE provider_contract_self_verifications (
  id serial PRIMARY KEY,
  publication_id integer NOT NULL REFERENCES provider_contract_publications (id) ON DELETE CASCADE,
  success boolean NOT NULL,
  content text,
  content_base64 boolean NOT NULL DEFAULT false,
  content_type text,
  format text,
  verifier text,
  verifier_version text,
  build_url text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX provider_contract_self_verifications_latest
  ON provider_contract_self_verifications (publication_id, id DESC);

-- A comparison is a pure function of the two contents and the comparator's rules; results of older rules are
-- ignored and recomputed.
CREATE TABLE cross_contract_results (
  id serial PRIMARY KEY,
  pact_version_id integer NOT NULL REFERENCES pact_versions (id) ON DELETE CASCADE,
  provider_contract_version_id integer NOT NULL REFERENCES provider_contract_versions (id) ON DELETE CASCADE,
  comparator_version text NOT NULL,
  success boolean NOT NULL,
  error_count integer NOT NULL,
  warning_count integer NOT NULL,
  interactions_compared integer NOT NULL,
  mismatches jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (pact_version_id, provider_contract_version_id, comparator_version)
);
CREATE INDEX cross_contract_results_contract ON cross_contract_results (provider_contract_version_id);
