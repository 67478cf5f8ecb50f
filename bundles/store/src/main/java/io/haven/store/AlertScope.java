package io.haven.store;

/**
 * Which alerts a query covers. Core decides a caller's scope (io.haven.core.alert.AlertVisibility); the store only
 * turns it into SQL. Alerts have no owner yet, so there are two scopes: all and none.
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

    /** A condition on table {@code alert} without parameters. */
    String condition() {
        return condition;
    }
}
