package dev.duet.db.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs the single statements of async twins on the calling event loop, with no thread of their
 * own: the loop sends the statement, reads its rows and completes the twin's future. A module
 * provides it ({@code duet-db-loop}, found with {@link java.util.ServiceLoader}); without one, or
 * off a loop, or inside a transaction, the twins run on JDBC as always ({@link AsyncLauncher}).
 *
 * <p>Every method returns null, at once, when the calling thread is not a loop this client can
 * run on: the engine then takes the JDBC path. A failure completes the future with what
 * {@code errors} makes of the statement's {@link SQLException} (the SQLSTATE kept, so the
 * dialect types it as the JDBC path does).
 */
public interface LoopClient extends AutoCloseable {

    /** Makes the client for one database, or returns null if it does not serve that kind of database. */
    interface Provider {
        LoopClient open(DbUrl url, LoopSettings settings);
    }

    /** What a client is sized and bounded by: connections per loop, calls that may wait per loop. */
    record LoopSettings(int connectionsPerLoop, int maxQueuedPerLoop, java.time.Duration connectionTimeout,
                        java.util.Map<String, String> properties, String name) {
    }

    /** Runs a SELECT and reads each row with {@code reader}; null off a usable loop. */
    <R> CompletableFuture<List<R>> query(String sql, List<Param> params, RowReader<R> reader,
                                         Function<SQLException, RuntimeException> errors);

    /** Runs an INSERT, UPDATE or DELETE; the rows changed; null off a usable loop. */
    CompletableFuture<Integer> update(String sql, List<Param> params, Function<SQLException, RuntimeException> errors);

    /** Connections open now, over every loop (for the pool's figures). */
    int connections();

    @Override
    void close();
}
