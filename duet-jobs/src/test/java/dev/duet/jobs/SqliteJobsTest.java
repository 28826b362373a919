package dev.duet.jobs;

/** {@link JobsSuite} on SQLite, the embedded default (one instance). */
class SqliteJobsTest extends JobsSuite {
    @Override
    TestDbs.Kind kind() {
        return TestDbs.Kind.SQLITE;
    }
}
