package dev.duet.jobs;

/** {@link JobsSuite} on the real MariaDB server, in a database of its own. */
class MariaDbJobsTest extends JobsSuite {
    @Override
    TestDbs.Kind kind() {
        return TestDbs.Kind.MARIADB;
    }
}
