package io.haven.api.model;

import java.util.List;

/**
 * A page of the audit log, newest first. Keyset paging: the log grows while it is read, so a page is named by
 * the id it starts below, not by a number.
 *
 * @param items the entries
 * @param next  the {@code before} of the next (older) page, or {@code null} when this is the last
 * @since model 1.6
 */
public record AuditPage(List<AuditEntry> items, Long next) {
    public AuditPage {
        items = List.copyOf(items);
    }
}
