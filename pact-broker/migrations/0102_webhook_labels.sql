-- Webhooks may be scoped to pacticipants by label (consumer: { label }, provider: { label }).

ALTER TABLE webhooks ADD COLUMN consumer_label text, ADD COLUMN provider_label text;
