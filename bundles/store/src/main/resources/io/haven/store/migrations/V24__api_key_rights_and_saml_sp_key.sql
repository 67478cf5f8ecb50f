-- Haven schema: an API key carries the rights it was made with (issue 9). A read-only key reads and monitors and
-- changes nothing; a key made with another key records it (created_with), so that revoking a key revokes the
-- keys made with it (ON DELETE CASCADE), as deleting a user or a delegate deletes its keys (V1, V16).
ALTER TABLE api_key ADD COLUMN read_only BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE api_key ADD COLUMN created_with BIGINT;
ALTER TABLE api_key ADD CONSTRAINT api_key_created_with FOREIGN KEY (created_with) REFERENCES api_key(id) ON DELETE CASCADE;
CREATE INDEX api_key_created_with ON api_key (created_with);

-- Haven's own key pair as a SAML service provider (guide 17, decision 0044): made by core on first use; the private
-- key (PKCS#8) encrypted with the secret key file, as account keys are, the certificate in clear (it is published in
-- Haven's metadata). Whether Haven signs its requests and requires encrypted assertions: off until root turns them on.
ALTER TABLE identity_provider ADD COLUMN sp_key_cipher VARCHAR(8000);
ALTER TABLE identity_provider ADD COLUMN sp_certificate_pem VARCHAR(8000);
ALTER TABLE identity_provider ADD COLUMN sign_requests BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE identity_provider ADD COLUMN require_encrypted_assertions BOOLEAN DEFAULT FALSE NOT NULL;
