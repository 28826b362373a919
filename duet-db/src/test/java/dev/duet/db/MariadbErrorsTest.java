package dev.duet.db;

class MariadbErrorsTest extends ErrorsSuite {
    MariadbErrorsTest() {
        super(TestDatabases.MARIADB);
    }
}
