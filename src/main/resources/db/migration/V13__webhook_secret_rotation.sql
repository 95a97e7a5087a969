-- Webhook secret rotation (Standard Webhooks): after a rotation the previous secret keeps signing
-- beside the new one until previous_secret_expires_at (24 h), so receivers can switch over.
alter table webhook add column previous_secret_sealed text;
alter table webhook add column previous_secret_expires_at timestamptz;
