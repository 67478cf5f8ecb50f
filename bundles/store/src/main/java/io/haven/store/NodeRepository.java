package io.haven.store;

import java.time.Instant;
import java.util.List;

/**
 * The Haven nodes sharing this database and the leases of work that one node does for all (decision 0039). Every
 * claim is a conditional update, so that of two nodes racing for the same row exactly one wins, on Derby and
 * PostgreSQL alike.
 */
public class NodeRepository {

    private final Database db;

    NodeRepository(Database db) {
        this.db = db;
    }

    /** Writes the node's heartbeat, registering the node the first time. */
    public void beat(String node, Instant now) {
        db.inTransaction(jdbc -> {
            if (jdbc.update("UPDATE haven_node SET heartbeat_at = ? WHERE node_id = ?", now.toEpochMilli(), node) == 0) {
                jdbc.update("INSERT INTO haven_node (node_id, started_at, heartbeat_at) VALUES (?, ?, ?)", node,
                        now.toEpochMilli(), now.toEpochMilli());
            }
            return null;
        });
    }

    /** The nodes whose last heartbeat is at or after the time, by id. */
    public List<String> alive(Instant since) {
        return db.read(jdbc -> jdbc.query("SELECT node_id FROM haven_node WHERE heartbeat_at >= ? ORDER BY node_id",
                rs -> rs.getString(1), since.toEpochMilli()));
    }

    /** The nodes whose last heartbeat is before the time: taken for dead. */
    public List<String> silent(Instant before) {
        return db.read(jdbc -> jdbc.query("SELECT node_id FROM haven_node WHERE heartbeat_at < ? ORDER BY node_id",
                rs -> rs.getString(1), before.toEpochMilli()));
    }

    /** Forgets a dead node once nothing is left to take from it; it registers again if it comes back. */
    public void forget(String node, Instant before) {
        db.inTransaction(jdbc -> jdbc.update("DELETE FROM haven_node WHERE node_id = ? AND heartbeat_at < ?", node,
                before.toEpochMilli()));
    }

    /**
     * Holds the lease for the node until the given time: renews it when the node holds it, takes it when it is free
     * or has expired.
     *
     * @return whether the node holds the lease now
     */
    public boolean hold(String lease, String node, Instant now, Instant until) {
        try {
            return db.inTransaction(jdbc -> {
                if (jdbc.update("UPDATE node_lease SET node_id = ?, expires_at = ? WHERE name = ? AND (node_id = ? "
                        + "OR expires_at < ?)", node, until.toEpochMilli(), lease, node, now.toEpochMilli()) == 1) {
                    return true;
                }
                if (jdbc.count("SELECT COUNT(*) FROM node_lease WHERE name = ?", lease) > 0) {
                    return false;
                }
                jdbc.update("INSERT INTO node_lease (name, node_id, expires_at) VALUES (?, ?, ?)", lease, node,
                        until.toEpochMilli());
                return true;
            });
        } catch (StoreException e) {
            if (Jdbc.isUniqueViolation(e)) {
                return false; // another node inserted it first
            }
            throw e;
        }
    }

    /** Removes the leases that expired before the time. */
    public int forgetExpired(Instant before) {
        return db.inTransaction(jdbc -> jdbc.update("DELETE FROM node_lease WHERE expires_at < ?", before.toEpochMilli()));
    }

    /** Gives the lease up, when the node holds it, so that another node takes it without waiting for it to expire. */
    public void release(String lease, String node) {
        db.inTransaction(jdbc -> jdbc.update("DELETE FROM node_lease WHERE name = ? AND node_id = ?", lease, node));
    }
}
