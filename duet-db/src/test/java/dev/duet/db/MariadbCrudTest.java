package dev.duet.db;

class MariadbCrudTest extends CrudSuite {
    MariadbCrudTest() {
        super(TestDatabases.MARIADB);
    }
}
