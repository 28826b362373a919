package dev.duet.db;

class PostgresConnectionsTest extends ConnectionsSuite {
    PostgresConnectionsTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
