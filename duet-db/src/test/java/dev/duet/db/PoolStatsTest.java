package dev.duet.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Database#poolStats()} on PostgreSQL: a connection held by a transaction counts as active. */
class PoolStatsTest {
    @Test
    void poolStatsCountALentConnection() throws Exception {
        try (Database db = Database.connect(DbConfig.builder().url(TestDatabases.POSTGRES).poolSize(3).build())) {
            db.queryMaps("SELECT 1");
            assertThat(db.poolStats().active()).isZero();
            assertThat(db.poolStats().max()).isEqualTo(3);
            db.transaction(() -> {
                db.queryMaps("SELECT 1");
                assertThat(db.poolStats().active()).as("the transaction holds one").isEqualTo(1);
            });
            assertThat(db.poolStats().active()).isZero();
            assertThat(db.poolStats().idle()).isPositive();
            assertThat(db.poolStats().waiting()).isZero();
        }
    }
}
