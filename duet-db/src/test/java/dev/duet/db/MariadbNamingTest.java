package dev.duet.db;

class MariadbNamingTest extends NamingSuite {
    MariadbNamingTest() {
        super(TestDatabases.MARIADB);
    }
}
