package io.haven.core.cluster;

import io.haven.store.HavenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * This Haven node among those sharing one database (decision 0039): its name, its heartbeat, which nodes are alive,
 * and the leases of work that one node does for all. A node is taken for dead when its heartbeat is older than the
 * timeout; its runs are then claimed by the others, one conditional update per run, so exactly one node wins each.
 */
public final class Node {

    private final String id;
    private final HavenStore store;
    private final Clock clock;
    private final Duration timeout;
    private final boolean recoveryOnly;

    public Node(String id, HavenStore store, Clock clock, Duration timeout) {
        this(id, store, clock, timeout, false);
    }

    /**
     * @param recoveryOnly whether this node runs in recovery-only mode: it carries no runs and does no work for the
     *                     others, so it writes no heartbeat and is never counted among the nodes alive
     */
    public Node(String id, HavenStore store, Clock clock, Duration timeout, boolean recoveryOnly) {
        this.recoveryOnly = recoveryOnly;
        if (id == null || id.isBlank() || id.length() > 64) {
            throw new IllegalArgumentException("A node's name has 1 to 64 characters, was: " + id);
        }
        this.id = id;
        this.store = store;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** The only node: for tests and tools that run one engine on a database of their own. */
    public static Node single(HavenStore store, Clock clock) {
        return new Node("local", store, clock, Duration.ofSeconds(30));
    }

    public String id() {
        return id;
    }

    /** Whether this node makes no backups and does no work for the others (recovery-only mode). */
    public boolean recoveryOnly() {
        return recoveryOnly;
    }

    /** Writes the heartbeat; the first one registers the node. */
    public void beat() {
        if (recoveryOnly) {
            return; // not a member that carries work: the others never count it or share runs out to it
        }
        store.nodes().beat(id, clock.instant());
    }

    /** The nodes with a heartbeat within the timeout, by name; at least this one. */
    public List<String> alive() {
        java.util.SortedSet<String> alive = new java.util.TreeSet<>(store.nodes().alive(deadBefore()));
        alive.add(id); // between two heartbeats this node may look late to itself
        return List.copyOf(alive);
    }

    /** Other nodes whose heartbeat is older than the timeout. */
    public List<String> dead() {
        return store.nodes().silent(deadBefore()).stream().filter(other -> !other.equals(id)).toList();
    }

    /** Forgets a dead node (when nothing is left to take from it). */
    public void forget(String dead) {
        store.nodes().forget(dead, deadBefore());
    }

    /**
     * Holds the lease for one timeout from now: renewed while this node lives, taken by another once it has expired.
     *
     * @return whether this node holds it
     */
    public boolean hold(String lease) {
        Instant now = clock.instant();
        return store.nodes().hold(lease, id, now, now.plus(timeout));
    }

    /**
     * Whether this node is the one to do a piece of work that all nodes plan alike (today's daily summary, the tag scan
     * due at a time): the first node to ask gets it, for as long as the key is kept; the others get false.
     */
    public boolean once(String key, Duration keep) {
        Instant now = clock.instant();
        return store.nodes().hold(key, id, now, now.plus(keep));
    }

    /** Removes the leases and once-keys that have expired. */
    public void forgetExpiredLeases() {
        store.nodes().forgetExpired(clock.instant().minus(timeout));
    }

    /** Gives the lease up, so that another node takes it at once (when this node stops). */
    public void release(String lease) {
        store.nodes().release(lease, id);
    }

    private Instant deadBefore() {
        return clock.instant().minus(timeout);
    }

    /**
     * The configured name, or else the one kept in the file (made the first time): a node that restarts keeps its name,
     * so it resumes its own runs at once instead of waiting for the others to take them over.
     */
    public static String name(String configured, Path file) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            String made = "node-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(file.getParent());
            Files.writeString(file, made + "\n");
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep this node's name in " + file, e);
        }
    }
}
