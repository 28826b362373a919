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
    public Page {
        items = List.copyOf(items);
    }

    /** How many pages there are (at least 1). */
    public int pages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return number < pages();
    }

    public boolean hasPrevious() {
        return number > 1;
    }
}
