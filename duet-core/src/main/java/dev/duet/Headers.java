package dev.duet;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Read access to HTTP header fields. Names are case-insensitive; a name may have several values.
 * Request headers are read-only; a {@link Response} changes its own through its setters.
 */
public interface Headers {
    /** The first value of {@code name}, or null. */
    String get(String name);

    /** Every value of {@code name} in the order received; empty if none. */
    List<String> all(String name);

    /** True if {@code name} has at least one value. */
    default boolean contains(String name) {
        return get(name) != null;
    }

    /** Calls {@code action} for each (name, value) pair in order. */
    void forEach(BiConsumer<String, String> action);

    /** How many (name, value) pairs there are. */
    int size();
}
