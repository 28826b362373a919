package dev.duet.db;

class MariadbMigrationsTest extends MigrationsSuite {
    MariadbMigrationsTest() {
        super(TestDatabases.MARIADB);
    }
}
