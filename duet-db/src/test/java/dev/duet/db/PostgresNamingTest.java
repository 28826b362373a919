package dev.duet.db;

class PostgresNamingTest extends NamingSuite {
    PostgresNamingTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
