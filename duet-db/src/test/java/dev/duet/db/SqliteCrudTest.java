package dev.duet.db;

class SqliteCrudTest extends CrudSuite {
    SqliteCrudTest() {
        super(TestDatabases.SQLITE);
    }
}
