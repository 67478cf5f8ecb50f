-- Several Haven nodes on one database (decision 0039). Each node writes its heartbeat here; a node whose heartbeat
-- is older than the core setting nodeTimeoutSeconds is taken for dead and its work moves to the others.
CREATE TABLE haven_node (
  node_id VARCHAR(64) NOT NULL PRIMARY KEY,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);

-- The node that carries a run: it starts the targets, polls, concludes and retries. NULL for runs recorded before V21,
-- which the first node to start claims.
ALTER TABLE backup ADD COLUMN node_id VARCHAR(64);
CREATE INDEX backup_node_status ON backup (node_id, status);

-- Work that one node at a time does for all (disaster recovery's copy queue, housekeeping): held until expires_at,
-- renewed by its holder, taken by another node once it has expired.
CREATE TABLE node_lease (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  node_id VARCHAR(64) NOT NULL,
  expires_at BIGINT NOT NULL
);
