package dev.duet.jobs;

/** {@link JobsSuite} on the real PostgreSQL server, in a schema of its own. */
class PostgresJobsTest extends JobsSuite {
    @Override
    TestDbs.Kind kind() {
        return TestDbs.Kind.POSTGRESQL;
    }
}
