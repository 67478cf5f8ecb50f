-- A scheduled run records the due time it was started for; the unique key makes starting one due time of a policy
-- happen once, whoever tries it again (a scheduler after a restart, or another node on the same database).
ALTER TABLE backup ADD COLUMN scheduled_for BIGINT;
ALTER TABLE backup ADD CONSTRAINT backup_scheduled_once UNIQUE (policy_id, scheduled_for);

-- How far the scheduler has looked at due times (one row, id 1), so that a restart starts what came due while
-- Haven was down (within the core setting missedRunGraceMinutes) instead of forgetting it.
CREATE TABLE scheduler_progress (
  id INT NOT NULL PRIMARY KEY,
  checked_until BIGINT NOT NULL
);
