package io.haven.core.cluster;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that one node at a time does for all the nodes sharing a database (disaster recovery's copy queue, housekeeping):
 * every node tries to hold the lease at each heartbeat; the holder renews it, and another node takes it once the
 * holder has missed the timeout. The work asks {@link #held()} before each step.
 */
public final class Lease {

    private final Node node;
    private final String name;
    private volatile boolean held;
    /** Set when the lease is taken (not renewed): the new holder first picks up what a previous holder left. */
    private final AtomicBoolean taken = new AtomicBoolean();

    public Lease(Node node, String name) {
        this.node = node;
        this.name = name;
    }

    /** Holds or renews the lease; called at each heartbeat. */
    public void renew() {
        boolean now = node.hold(name);
        if (now && !held) {
            taken.set(true);
        }
        held = now;
    }

    /** Whether this node held the lease at its last heartbeat. */
    public boolean held() {
        return held;
    }

    /** True once after the lease was taken: what the previous holder had in hand is to be reconciled. */
    public boolean justTaken() {
        return taken.getAndSet(false);
    }

    /** Gives the lease up when this node stops, so that another node takes it at its next heartbeat. */
    public void release() {
        if (held) {
            held = false;
            node.release(name);
        }
    }

    public String name() {
        return name;
    }
}
