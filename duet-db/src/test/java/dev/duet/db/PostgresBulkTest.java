package dev.duet.db;

class PostgresBulkTest extends BulkSuite {
    PostgresBulkTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
