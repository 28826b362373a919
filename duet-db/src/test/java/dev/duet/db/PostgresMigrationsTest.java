package dev.duet.db;

class PostgresMigrationsTest extends MigrationsSuite {
    PostgresMigrationsTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
