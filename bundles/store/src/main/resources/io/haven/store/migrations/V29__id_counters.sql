-- Ids that the store hands out itself (decision 0058), not the identity columns, whose values embedded Derby hands out
-- one at a time at about a millisecond each. next_id is the first id nobody has taken.
-- backup: taken in the transaction that inserts the backups, so backup ids stay dense.
-- backup_log: reserved by each node in blocks, so log line ids may have gaps.
-- Every insert into backup and backup_log supplies its id from now on; the identity columns stay but are unused.
CREATE TABLE id_counter (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  next_id BIGINT NOT NULL
);
INSERT INTO id_counter (name, next_id) SELECT 'backup', COALESCE(MAX(id), 0) + 1 FROM backup;
INSERT INTO id_counter (name, next_id) SELECT 'backup_log', COALESCE(MAX(id), 0) + 1 FROM backup_log;
