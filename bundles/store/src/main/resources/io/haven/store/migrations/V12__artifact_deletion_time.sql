-- When each artifact was deleted in AWS (the snapshot report's "Deleted At"); a failed artifact can go long
-- before its backup record is marked deleted. Rows deleted before this version take their backup's time.
ALTER TABLE backup_artifact ADD COLUMN deleted_at BIGINT;
UPDATE backup_artifact SET deleted_at = (SELECT b.deleted_at FROM backup b WHERE b.id = backup_artifact.backup_id)
  WHERE state = 'DELETED';
