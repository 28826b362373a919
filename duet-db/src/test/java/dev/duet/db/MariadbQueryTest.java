package dev.duet.db;

class MariadbQueryTest extends QuerySuite {
    MariadbQueryTest() {
        super(TestDatabases.MARIADB);
    }
}
