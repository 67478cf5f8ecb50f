-- Haven schema, version 4: a retry that is due is recorded with the backup it retries, so that a
-- restart does not lose it.
ALTER TABLE backup ADD COLUMN retry_at BIGINT;
CREATE INDEX backup_retry ON backup (retry_at);
