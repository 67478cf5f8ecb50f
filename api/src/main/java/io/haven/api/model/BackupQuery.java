package io.haven.api.model;

/**
 * Filters and paging for listing backups.
 *
 * @param policyId   only this policy's backups, or null
 * @param status     only backups in this state, or null
 * @param sort       field to sort by: {@code started} (default), {@code ended}, {@code status}, {@code policyId}
 * @param descending newest first when true (default)
 * @param page       zero-based page number, 0 to {@link #MAX_PAGE}
 * @param size       page size, 1 to {@link #MAX_SIZE}
 * @param frozen     only frozen (true) or only unfrozen (false) backups, or null for both
 * @param text       only backups whose frozen name or description contains this text (any case), or null
 */
public record BackupQuery(Long policyId, BackupStatus status, String sort, boolean descending, int page, int size,
                          Boolean frozen, String text) {

    /** The largest page size. */
    public static final int MAX_SIZE = 500;
    /** The largest page number: the offset page * size still fits an int. */
    public static final int MAX_PAGE = Integer.MAX_VALUE / 1000;

    public BackupQuery(Long policyId, BackupStatus status, String sort, boolean descending, int page, int size) {
        this(policyId, status, sort, descending, page, size, null, null);
    }
}
