package dev.duet.db;

/**
 * A snapshot of a {@link Database}'s connection pool ({@link Database#poolStats()}).
 *
 * @param active  connections lent out now (a query or transaction holds each)
 * @param idle    connections open and free
 * @param waiting calls waiting for a connection now (each gives up after {@code connectionTimeout})
 * @param max     the pool's size ({@link Database#poolSize()})
 * @param onLoops connections open in the event loops' own pools, where async twins run on the loop
 *                ({@code duet-db-loop}; see {@link DbConfig#loopPoolSize()}), beside the pool above; 0 without it
 */
public record PoolStats(int active, int idle, int waiting, int max, int onLoops) {
    /** The figures of the JDBC pool alone: none on the loops. */
    public PoolStats(int active, int idle, int waiting, int max) {
        this(active, idle, waiting, max, 0);
    }
}
