package dev.duet.db;

class SqliteAsyncTest extends AsyncSuite {
    SqliteAsyncTest() {
        super(TestDatabases.SQLITE);
    }
}
