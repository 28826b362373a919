package dev.duet.jobs;

/** {@link ClusterSuite} on the real PostgreSQL (SKIP LOCKED polling). */
class PostgresClusterTest extends ClusterSuite {
    @Override
    TestDbs.Kind kind() {
        return TestDbs.Kind.POSTGRESQL;
    }
}
