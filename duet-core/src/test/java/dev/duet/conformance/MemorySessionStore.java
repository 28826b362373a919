package dev.duet.conformance;

import dev.duet.session.SessionStore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A real {@link SessionStore} kept in a map, completing its stages on another thread as a network
 * store would: it holds the store contract (revocation, rotation) to account on every core without
 * Redis. duet-redis's tests check the Redis store itself.
 */
public final class MemorySessionStore implements SessionStore {
    /** The records by id, for tests to look at. */
    public final ConcurrentMap<String, String> records = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Optional<String>> load(String id) {
        return CompletableFuture.supplyAsync(() -> Optional.ofNullable(records.get(id)));
    }

    @Override
    public CompletionStage<Void> save(String id, String record, Duration timeToLive) {
        return CompletableFuture.runAsync(() -> records.put(id, record));
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        return CompletableFuture.runAsync(() -> records.remove(id));
    }
}
