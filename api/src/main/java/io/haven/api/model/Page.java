package io.haven.api.model;

import java.util.List;

/**
 * One page of a longer listing.
 *
 * @param items             the page's rows
 * @param page              the zero-based page number asked for (0 for a page asked for by cursor)
 * @param size              the page size asked for
 * @param total             how many rows the listing holds, or, when {@code totalIsLowerBound}, at least how many
 * @param next              the cursor of the following page, or null when this page is the last
 * @param totalIsLowerBound whether counting stopped at a bound: the listing holds at least {@code total} rows
 */
public record Page<T>(List<T> items, int page, int size, long total, String next, boolean totalIsLowerBound) {
    public Page {
        items = List.copyOf(items);
    }

    /** An exactly counted page without a cursor (the form before cursors). */
    public Page(List<T> items, int page, int size, long total) {
        this(items, page, size, total, null, false);
    }
}
