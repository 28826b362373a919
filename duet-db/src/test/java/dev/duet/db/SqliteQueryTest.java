package dev.duet.db;

class SqliteQueryTest extends QuerySuite {
    SqliteQueryTest() {
        super(TestDatabases.SQLITE);
    }
}
