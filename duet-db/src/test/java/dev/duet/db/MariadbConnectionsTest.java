package dev.duet.db;

class MariadbConnectionsTest extends ConnectionsSuite {
    MariadbConnectionsTest() {
        super(TestDatabases.MARIADB);
    }
}
