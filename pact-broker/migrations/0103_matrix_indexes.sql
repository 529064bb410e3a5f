-- Lets the matrix find a consumer's providers with an index skip scan (one probe per integration).

CREATE INDEX pact_publications_consumer_provider ON pact_publications (consumer_id, provider_id);
