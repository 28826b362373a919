package dev.duet.db;

class PostgresAsyncTest extends AsyncSuite {
    PostgresAsyncTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
