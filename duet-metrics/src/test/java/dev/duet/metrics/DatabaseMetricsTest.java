package dev.duet.metrics;

import dev.duet.db.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pool gauges on a real PostgreSQL pool: a transaction's connection shows as active. */
class DatabaseMetricsTest {

    @Test
    void gaugesFollowThePool() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Database db = Database.connect("postgresql://postgres@127.0.0.1:5432/test");
        try {
            DatabaseMetrics.bind(registry, "main", db);
            db.queryMaps("SELECT 1");
            assertThat(registry.get("duet.db.connections.max").tag("pool", "main").gauge().value()).isEqualTo(db.poolSize());
            db.transaction(() -> {
                db.queryMaps("SELECT 1");
                assertThat(registry.get("duet.db.connections.active").gauge().value()).isEqualTo(1.0);
            });
            assertThat(registry.get("duet.db.connections.active").gauge().value()).isZero();
            assertThat(registry.get("duet.db.connections.pending").gauge().value()).isZero();
            assertThat(registry.get("duet.db.connections.loops").gauge().value()).as("no loop client here").isZero();
        } finally {
            db.close();
        }
        assertThat(registry.get("duet.db.connections.idle").gauge().value()).as("closed reads as zero").isZero();
    }

    @Test
    void aPoolNeedsAName() {
        try (Database db = Database.connect("sqlite::memory:")) {
            assertThatThrownBy(() -> DatabaseMetrics.bind(new SimpleMeterRegistry(), " ", db)).hasMessageContaining("needs a name");
        }
    }
}
