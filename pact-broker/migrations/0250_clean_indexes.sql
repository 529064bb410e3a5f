-- Lets the clean find the webhook deliveries of the verifications and pact contents it deletes without scanning
-- the whole outbox.

CREATE INDEX webhook_deliveries_verification ON webhook_deliveries (verification_id) WHERE verification_id IS NOT NULL;
CREATE INDEX webhook_deliveries_pact_version ON webhook_deliveries (pact_version_id);
