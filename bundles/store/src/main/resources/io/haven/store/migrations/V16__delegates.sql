-- Haven schema: delegates (guide 16.4). A delegate is a user of its own (password, API keys, second factor) that
-- acts in the world of the user it is a delegate of, with three permissions, all off by default. Deleting a user
-- deletes its delegates first (Derby allows only one delete rule on self-references: NO ACTION, as manager_id),
-- and with each its keys and second factor (ON DELETE CASCADE, V1 and V15).
ALTER TABLE app_user ADD COLUMN delegate_of BIGINT;
ALTER TABLE app_user ADD CONSTRAINT app_user_delegate_of FOREIGN KEY (delegate_of) REFERENCES app_user(id);
ALTER TABLE app_user ADD COLUMN may_recover BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE app_user ADD COLUMN may_change_accounts BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE app_user ADD COLUMN may_change_backups BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX app_user_delegate_of ON app_user (delegate_of);
