package com.example;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The users of docs/pages.md's example site, in memory: what the pages call where a real app
 * calls its database. One per test app: {@link #use} swaps in a fresh one.
 */
public final class Directory {
    private static volatile Directory current = new Directory();
    private final Map<Long, String> names = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    private Directory() {
    }

    /** Starts from an empty directory (each test calls it first). */
    public static void use() {
        current = new Directory();
    }

    public static List<String> names() {
        return List.copyOf(current.names.values());
    }

    public static Optional<String> find(long id) {
        return Optional.ofNullable(current.names.get(id));
    }

    public static long add(String name) {
        long id = current.ids.incrementAndGet();
        current.names.put(id, name);
        return id;
    }

    /** Stands in for an ORM's async twin: completes later, on another thread. */
    public static CompletionStage<Long> addAsync(String name) {
        return CompletableFuture.supplyAsync(() -> add(name), CompletableFuture.delayedExecutor(5, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    public static void remove(long id) {
        current.names.remove(id);
    }
}
