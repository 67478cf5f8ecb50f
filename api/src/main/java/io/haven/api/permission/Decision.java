package io.haven.api.permission;

/** What AWS says of one action for one identity. */
public enum Decision {
    /** the identity may call it */
    ALLOWED,
    /** AWS refused it, or the policy simulation denies it */
    DENIED,
    /** nothing harmless could tell (no simulation, and no call that changes nothing exists or it failed) */
    UNKNOWN
}
