-- Haven schema, version 8: users (guide 16.1-16.3) and ownership. A user is root, independent (a world of its
-- own) or managed (by root or by an independent user, who acts for it). Every account, schedule, policy,
-- backup, recovery and alert belongs to a user; what existed before belongs to root. Backups, recoveries and
-- alerts take their owner from their policy (backup) when they are recorded, so that they keep it after their
-- policy is gone.
ALTER TABLE app_user ADD COLUMN user_type VARCHAR(16) DEFAULT 'INDEPENDENT' NOT NULL;
UPDATE app_user SET user_type = 'ROOT' WHERE is_root = TRUE;
ALTER TABLE app_user ADD COLUMN email VARCHAR(254);
ALTER TABLE app_user ADD COLUMN manager_id BIGINT;
ALTER TABLE app_user ADD CONSTRAINT app_user_manager FOREIGN KEY (manager_id) REFERENCES app_user(id);
CREATE INDEX app_user_manager_id ON app_user (manager_id);
ALTER TABLE account ADD COLUMN owner_id BIGINT;
ALTER TABLE schedule ADD COLUMN owner_id BIGINT;
ALTER TABLE policy ADD COLUMN owner_id BIGINT;
ALTER TABLE backup ADD COLUMN owner_id BIGINT;
ALTER TABLE recovery ADD COLUMN owner_id BIGINT;
ALTER TABLE alert ADD COLUMN owner_id BIGINT;
UPDATE account SET owner_id = (SELECT MIN(id) FROM app_user WHERE is_root = TRUE);
UPDATE schedule SET owner_id = (SELECT MIN(id) FROM app_user WHERE is_root = TRUE);
UPDATE policy SET owner_id = (SELECT MIN(id) FROM app_user WHERE is_root = TRUE);
UPDATE backup SET owner_id = (SELECT MIN(id) FROM app_user WHERE is_root = TRUE);
UPDATE recovery SET owner_id = (SELECT MIN(id) FROM app_user WHERE is_root = TRUE);
UPDATE alert SET owner_id = (SELECT MIN(id) FROM app_user WHERE is_root = TRUE);
CREATE INDEX account_owner ON account (owner_id);
CREATE INDEX schedule_owner ON schedule (owner_id);
CREATE INDEX policy_owner ON policy (owner_id);
CREATE INDEX backup_owner ON backup (owner_id);
CREATE INDEX recovery_owner ON recovery (owner_id);
CREATE INDEX alert_owner ON alert (owner_id);
