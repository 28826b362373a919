package dev.duet.db;

class SqliteBulkTest extends BulkSuite {
    SqliteBulkTest() {
        super(TestDatabases.SQLITE);
    }
}
