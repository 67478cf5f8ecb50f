package io.haven.api.model;

/**
 * Filters and paging for listing backups.
 *
 * <p>Two ways to page: by number ({@code page} and {@code size}, the offset paging of old clients), or by
 * cursor: the first page without one, then each following page with the {@link Page#next() next} cursor of
 * the page before and the same filters, sort and order (decision 0035). A cursor page costs the same however
 * deep it is; a numbered page costs more the deeper it is.
 *
 * @param policyId   only this policy's backups, or null
 * @param status     only backups in this state, or null
 * @param sort       field to sort by: {@code started} (default), {@code ended}, {@code status}, {@code policyId};
 *                   ties are broken by id, in the same order
 * @param descending newest first when true (default)
 * @param page       zero-based page number, 0 to {@link #MAX_PAGE}; 0 when a cursor is given
 * @param size       page size, 1 to {@link #MAX_SIZE}
 * @param frozen     only frozen (true) or only unfrozen (false) backups, or null for both
 * @param text       only backups whose frozen name or description contains this text (any case), or null
 * @param cursor     where the page starts: the {@link Page#next()} of an earlier page of the same listing, or null
 *                   for the first page (or a numbered page). Opaque: matches {@link #CURSOR_PATTERN}, and core
 *                   refuses one it did not make or that belongs to another listing.
 */
public record BackupQuery(Long policyId, BackupStatus status, String sort, boolean descending, int page, int size,
                          Boolean frozen, String text, String cursor) {

    /** The largest page size. */
    public static final int MAX_SIZE = 500;
    /** The largest page number: the offset page * size still fits an int. */
    public static final int MAX_PAGE = Integer.MAX_VALUE / 1000;
    /**
     * The form of every cursor (base64url without padding, 16 to 512 characters); the OpenAPI document states the
     * same. A value of this form can still be refused: when it was changed or belongs to another listing.
     */
    public static final String CURSOR_PATTERN = "^[A-Za-z0-9_-]{16,512}$";
    /**
     * How far the total is counted beyond the page's first row: a listing longer than that reports the bound as its
     * total, with {@link Page#totalIsLowerBound()} set, so that a page never counts a million rows.
     */
    public static final int COUNT_LIMIT = 1_000;

    public BackupQuery(Long policyId, BackupStatus status, String sort, boolean descending, int page, int size,
                       Boolean frozen, String text) {
        this(policyId, status, sort, descending, page, size, frozen, text, null);
    }

    public BackupQuery(Long policyId, BackupStatus status, String sort, boolean descending, int page, int size) {
        this(policyId, status, sort, descending, page, size, null, null, null);
    }

    /** The same query starting at a cursor. */
    public BackupQuery withCursor(String cursor) {
        return new BackupQuery(policyId, status, sort, descending, page, size, frozen, text, cursor);
    }
}
