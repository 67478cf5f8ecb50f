-- Log lines take their ids from blocks that a node reserves here (decision 0058), not from the identity column, whose
-- values Derby hands out one at a time at about a millisecond each. next_id is the first id no node has reserved.
-- Every insert into backup_log supplies its id from now on; the identity column is left as it is but no longer used.
CREATE TABLE id_block (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  next_id BIGINT NOT NULL
);
INSERT INTO id_block (name, next_id) SELECT 'backup_log', COALESCE(MAX(id), 0) + 1 FROM backup_log;
