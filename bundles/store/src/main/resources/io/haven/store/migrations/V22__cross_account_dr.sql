-- Cross-account disaster recovery (guide 3.2.1, 11, issue 11). An account is a backup account (the default) or a DR
-- account, which only receives copies; a DR account may be forbidden to delete snapshots, and its copies are then
-- tagged cpm_deleted instead (guide 11.3).
ALTER TABLE account ADD COLUMN account_type VARCHAR(16) DEFAULT 'BACKUP' NOT NULL;
ALTER TABLE account ADD COLUMN allow_deleting BOOLEAN DEFAULT TRUE NOT NULL;
-- A policy's DR account (null: copies stay in the policy's account) and whether originals stay once copied.
ALTER TABLE policy ADD COLUMN dr_account_id BIGINT;
ALTER TABLE policy ADD COLUMN dr_keep_originals BOOLEAN DEFAULT TRUE NOT NULL;
-- A copy in a DR account: whether it was made by another account than the backup's (account_id is then the DR
-- account's), whether its backup's original artifact was deleted because the copy stands in for it (keep originals
-- = no), and whether it went by the cpm_deleted tag rather than by deletion.
ALTER TABLE backup_copy ADD COLUMN cross_account BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE backup_copy ADD COLUMN replaces_source BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE backup_copy ADD COLUMN deleted_by_tag BOOLEAN DEFAULT FALSE NOT NULL;
-- One copy per source artifact, account and region: the unique key now names the account.
DROP INDEX backup_copy_once;
CREATE UNIQUE INDEX backup_copy_once ON backup_copy (artifact_id, account_id, region);
-- The account a recovery runs in when it is not its backup's (from a DR account's copies, guide 11.5), so that a
-- restart resumes it there; null: the backup's account.
ALTER TABLE recovery ADD COLUMN account_id BIGINT;
