-- Haven schema: an API key carries the rights it was made with (issue 9). A read-only key reads and monitors and
-- changes nothing; a key made with another key records it (created_with), so that revoking a key revokes the
-- keys made with it (ON DELETE CASCADE), as deleting a user or a delegate deletes its keys (V1, V16).
ALTER TABLE api_key ADD COLUMN read_only BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE api_key ADD COLUMN created_with BIGINT;
ALTER TABLE api_key ADD CONSTRAINT api_key_created_with FOREIGN KEY (created_with) REFERENCES api_key(id) ON DELETE CASCADE;
CREATE INDEX api_key_created_with ON api_key (created_with);
