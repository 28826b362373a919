package dev.duet.db;

class SqliteErrorsTest extends ErrorsSuite {
    SqliteErrorsTest() {
        super(TestDatabases.SQLITE);
    }
}
