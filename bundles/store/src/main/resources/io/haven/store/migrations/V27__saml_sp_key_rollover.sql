-- Haven schema: rolling over Haven's SAML service provider key (decision 0048). The key it replaced stays, encrypted
-- like the current one, published in the metadata and used to decrypt assertions still encrypted for it, until
-- sp_previous_until (epoch milliseconds) or until root retires it; then these columns are emptied.
ALTER TABLE identity_provider ADD COLUMN sp_previous_key_cipher VARCHAR(8000);
ALTER TABLE identity_provider ADD COLUMN sp_previous_certificate_pem VARCHAR(8000);
ALTER TABLE identity_provider ADD COLUMN sp_previous_until BIGINT;
