package io.haven.rest.dto;

/**
 * The body of PUT /accounts/{id}/allow-deleting-snapshots: whether Haven may delete snapshots in a DR account
 * (guide 3.2.1, 11.3); false tags its copies {@code cpm_deleted} instead.
 */
public record AllowDeletingRequest(Boolean allowDeletingSnapshots) {

    public boolean value() {
        return Required.field("allowDeletingSnapshots", allowDeletingSnapshots);
    }
}
