package dev.duet.db;

/**
 * A snapshot of a {@link Database}'s connection pool ({@link Database#poolStats()}).
 *
 * @param active  connections lent out now (a query or transaction holds each)
 * @param idle    connections open and free
 * @param waiting calls waiting for a connection now (each gives up after {@code connectionTimeout})
 * @param max     the pool's size ({@link Database#poolSize()})
 */
public record PoolStats(int active, int idle, int waiting, int max) {
}
