package dev.duet.db;

class SqliteConnectionsTest extends ConnectionsSuite {
    SqliteConnectionsTest() {
        super(TestDatabases.SQLITE);
    }
}
