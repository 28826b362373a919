package dev.duet.db;

class PostgresErrorsTest extends ErrorsSuite {
    PostgresErrorsTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
