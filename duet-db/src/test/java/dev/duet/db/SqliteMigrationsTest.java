package dev.duet.db;

class SqliteMigrationsTest extends MigrationsSuite {
    SqliteMigrationsTest() {
        super(TestDatabases.SQLITE);
    }
}
