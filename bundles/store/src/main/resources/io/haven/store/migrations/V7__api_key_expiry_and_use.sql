-- Haven schema: API keys may expire, and record when they were last used (written at most once a
-- minute per key). A revoked key is deleted; a user's keys go with the user (ON DELETE CASCADE, V1).
ALTER TABLE api_key ADD COLUMN expires_at BIGINT;
ALTER TABLE api_key ADD COLUMN last_used_at BIGINT;
CREATE INDEX api_key_user ON api_key (user_id);
