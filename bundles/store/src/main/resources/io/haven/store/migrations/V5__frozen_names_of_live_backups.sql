-- Haven schema, version 5: a freezer name is unique among the backups that still exist. A deleted
-- frozen backup keeps its name in its record (kept for deletedRecordRetentionDays), but the name is
-- free again at once. The UNIQUE constraint moves to a column that holds the name only while the
-- backup is not deleted: a partial unique index would say the same, but Derby has none.
ALTER TABLE backup ADD COLUMN frozen_live_name VARCHAR(100);
UPDATE backup SET frozen_live_name = frozen_name WHERE deleted_at IS NULL;
ALTER TABLE backup DROP CONSTRAINT backup_frozen_name;
ALTER TABLE backup ADD CONSTRAINT backup_frozen_live_name UNIQUE (frozen_live_name);
