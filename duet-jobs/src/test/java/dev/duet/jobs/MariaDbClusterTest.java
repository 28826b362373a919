package dev.duet.jobs;

/** {@link ClusterSuite} on the real MariaDB (optimistic take of each row). */
class MariaDbClusterTest extends ClusterSuite {
    @Override
    TestDbs.Kind kind() {
        return TestDbs.Kind.MARIADB;
    }
}
