-- Haven schema: a user's TOTP second factor (RFC 6238). The shared secret is stored encrypted by core
-- (AES-GCM under the key file, like account keys), never in clear text. A secret is pending until the user
-- proves it with a code; last_step is the last time step whose code was accepted, so that no code is used twice.
CREATE TABLE second_factor (
  user_id BIGINT NOT NULL PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  secret VARCHAR(512) NOT NULL,
  confirmed BOOLEAN NOT NULL,
  last_step BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
