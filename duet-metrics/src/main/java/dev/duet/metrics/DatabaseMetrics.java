package dev.duet.metrics;

import dev.duet.db.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of a duet-db connection pool, tagged {@code pool}: {@code duet.db.connections.active}
 * (lent out), {@code .idle}, {@code .pending} (calls waiting for a connection; above zero for long
 * means the pool is too small or queries too slow) and {@code .max}. Needs duet-db on the module
 * path (duet-metrics does not bring it).
 *
 * <pre>{@code
 * DatabaseMetrics.bind(registry, "main", database);
 * }</pre>
 */
public final class DatabaseMetrics {
    private DatabaseMetrics() {
    }

    /** Registers {@code database}'s pool gauges in {@code registry} under the tag {@code pool=name}. */
    public static void bind(MeterRegistry registry, String name, Database database) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(database, "database");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a pool needs a name for its tag");
        gauge(registry, "duet.db.connections.active", "Pooled connections lent out", name, database, db -> db.poolStats().active());
        gauge(registry, "duet.db.connections.idle", "Pooled connections open and free", name, database, db -> db.poolStats().idle());
        gauge(registry, "duet.db.connections.pending", "Calls waiting for a pooled connection", name, database, db -> db.poolStats().waiting());
        gauge(registry, "duet.db.connections.loops", "Connections open in the event loops' pools (duet-db-loop)", name, database, db -> db.poolStats().onLoops());
        gauge(registry, "duet.db.connections.max", "The pool's size", name, database, Database::poolSize);
    }

    private static void gauge(MeterRegistry registry, String metric, String description, String pool, Database db,
                              ToDoubleFunction<Database> value) {
        // A closed database reads as zeros rather than failing every scrape.
        Gauge.builder(metric, db, d -> d.isClosed() ? 0 : value.applyAsDouble(d))
                .description(description).tag("pool", pool).register(registry);
    }
}
