package dev.duet.db;

class PostgresCrudTest extends CrudSuite {
    PostgresCrudTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
