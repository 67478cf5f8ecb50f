package io.haven.store;

/**
 * Which alerts a query covers. Core decides a caller's scope (io.haven.core.alert.AlertVisibility); the store only
 * turns it into SQL: all alerts, none, or those of some owners.
 */
public final class AlertScope {

    private static final AlertScope ALL = new AlertScope("1 = 1");
    private static final AlertScope NONE = new AlertScope("1 = 0");

    private final String condition;

    private AlertScope(String condition) {
        this.condition = condition;
    }

    public static AlertScope all() {
        return ALL;
    }

    public static AlertScope none() {
        return NONE;
    }

    /** The alerts owned by one of these users. */
    public static AlertScope owners(java.util.Collection<Long> owners) {
        if (owners.isEmpty()) {
            return NONE;
        }
        // User ids are longs, so writing them into the SQL cannot inject anything.
        return new AlertScope("owner_id IN (" + owners.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ")");
    }

    /** A condition on table {@code alert} without parameters. */
    String condition() {
        return condition;
    }
}
