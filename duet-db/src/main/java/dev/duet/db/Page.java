package dev.duet.db;

import java.util.List;

/**
 * One page of a query's rows: {@link Query#page(int, int)}. Pages are numbered from 1.
 *
 * @param items  the rows of this page
 * @param number this page's number (1 = first)
 * @param size   rows per page
 * @param total  rows matching the query, on every page
 */
public record Page<T>(List<T> items, int number, int size, long total) {
    /**
     * A page holding a copy of {@code items} (which must not be null nor hold null); made by
     * {@link Query#page(int, int)}, public for tests and for pages built by hand.
     */
    public Page {
        items = List.copyOf(items);
    }

    /** How many pages there are (at least 1). */
    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    /** Whether a page comes after this one ({@code number < pages()}). */
    public boolean hasNext() {
        return number < pages();
    }

    /** Whether this is not the first page. */
    public boolean hasPrevious() {
        return number > 1;
    }
}
