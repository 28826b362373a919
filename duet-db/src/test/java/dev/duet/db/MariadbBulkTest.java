package dev.duet.db;

class MariadbBulkTest extends BulkSuite {
    MariadbBulkTest() {
        super(TestDatabases.MARIADB);
    }
}
