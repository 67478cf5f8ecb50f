-- The backup monitor over a million records (issue 13, goal 5; decision 0035): every sort of the list is served by
-- an index that ends with the id, the tie-breaker, so that a page (by cursor or the first numbered ones) reads its
-- rows from the index in order instead of sorting the table. Derby cannot scan an index backwards, so each sort has
-- an ascending and a descending index; PostgreSQL could do with one of each pair.

-- Sorting by end time puts backups that have not ended after every ended one when ascending, before when
-- descending, as NULLs sort on Derby and PostgreSQL alike. ended_key keeps that order in a column that is never
-- NULL (ended_at, or the largest BIGINT while the backup runs), so that a cursor position is one comparison.
ALTER TABLE backup ADD COLUMN ended_key BIGINT DEFAULT 9223372036854775807 NOT NULL;
UPDATE backup SET ended_key = ended_at WHERE ended_at IS NOT NULL;

-- Replaced by the wider indexes below, which serve the same look-ups.
DROP INDEX backup_policy_started;
DROP INDEX backup_status;
DROP INDEX backup_owner;

-- The sorts, without a filter.
CREATE INDEX backup_started_asc ON backup (started_at, id);
CREATE INDEX backup_started_desc ON backup (started_at DESC, id DESC);
CREATE INDEX backup_ended_asc ON backup (ended_key, id);
CREATE INDEX backup_ended_desc ON backup (ended_key DESC, id DESC);
-- These also serve a status filter sorted by status, and a policy filter sorted by policy.
CREATE INDEX backup_status_asc ON backup (status, id);
CREATE INDEX backup_status_desc ON backup (status DESC, id DESC);
CREATE INDEX backup_policy_asc ON backup (policy_id, id);
CREATE INDEX backup_policy_desc ON backup (policy_id DESC, id DESC);

-- The filters by policy and by status with the default sort (start time).
CREATE INDEX backup_policy_started_asc ON backup (policy_id, started_at, id);
CREATE INDEX backup_policy_started_desc ON backup (policy_id, started_at DESC, id DESC);
CREATE INDEX backup_status_started_asc ON backup (status, started_at, id);
CREATE INDEX backup_status_started_desc ON backup (status, started_at DESC, id DESC);

-- A single owner's world (a user's own, or root's without managed users) by start time. The store names the index
-- that serves a page's order to Derby (BackupRepository.orderIndex), so that an owner's index never makes it sort.
CREATE INDEX backup_owner_started_asc ON backup (owner_id, started_at, id);
CREATE INDEX backup_owner_started_desc ON backup (owner_id, started_at DESC, id DESC);
