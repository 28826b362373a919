package dev.duet.db;

class SqliteNamingTest extends NamingSuite {
    SqliteNamingTest() {
        super(TestDatabases.SQLITE);
    }
}
