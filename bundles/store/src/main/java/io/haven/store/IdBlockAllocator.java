package io.haven.store;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Hands out the ids of one kind of row (a counter of {@code id_counter}, V29, see {@link IdCounter}) from blocks that
 * it reserves in the database, for rows whose ids nobody sees: unique, and increasing in the order this allocator hands
 * them out (decision 0058).
 *
 * <p>A block is reserved by a short transaction of its own, so it is never rolled back with the insert that uses it:
 * a rolled-back insert, a crash or an abandoned block leaves a gap, which such ids may have. Nodes sharing a PostgreSQL
 * database get distinct blocks (the UPDATE locks the row). A block is used for at most {@link #BLOCK_LIFETIME_NANOS}:
 * a node's block then never lags far behind another's, so that rows of one backup written by two nodes more than that
 * apart (a run taken over, a freeze) still sort in the order they were written.
 *
 * <p>Callers take their ids before they open the transaction that inserts them: a reservation inside it would hold
 * a second connection of the pool while the first waits.
 */
public final class IdBlockAllocator {

    /** Ids a reservation takes: a thousand scheduled runs' first log lines in one. */
    static final int BLOCK_SIZE = 1000;
    /** How long a block is used before the rest of it is left. */
    static final long BLOCK_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Database db;
    private final String name;
    private final int blockSize;
    private final long lifetimeNanos;
    private final LongSupplier nanoTime;

    // Guarded by this: the ids [next, end) are reserved and not handed out yet.
    private long next;
    private long end;
    private long reservedAt;

    IdBlockAllocator(Database db, String name) {
        this(db, name, BLOCK_SIZE, BLOCK_LIFETIME_NANOS, System::nanoTime);
    }

    IdBlockAllocator(Database db, String name, int blockSize, long lifetimeNanos, LongSupplier nanoTime) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("A block holds at least one id, not " + blockSize);
        }
        this.db = db;
        this.name = name;
        this.blockSize = blockSize;
        this.lifetimeNanos = lifetimeNanos;
        this.nanoTime = nanoTime;
    }

    /** One id. */
    public long next() {
        return next(1)[0];
    }

    /** {@code count} ids, increasing, reserving what the current block lacks. */
    public synchronized long[] next(int count) {
        long[] ids = new long[count];
        if (next < end && nanoTime.getAsLong() - reservedAt > lifetimeNanos) {
            end = next; // too old: left, so that this node's ids keep up with the other nodes'
        }
        for (int i = 0; i < count; i++) {
            if (next == end) {
                reserve(Math.max(blockSize, count - i));
            }
            ids[i] = next++;
        }
        return ids;
    }

    /**
     * Leaves the current block: the database's rows were replaced (an import), and its counter with them, so the block
     * may hold ids the imported rows use or lie behind the imported counter.
     */
    public synchronized void forget() {
        end = next;
    }

    private void reserve(int size) {
        // A transaction of its own, committed before any id of the block is used.
        next = db.inTransaction(jdbc -> IdCounter.take(jdbc, name, size));
        end = next + size;
        reservedAt = nanoTime.getAsLong();
    }
}
