package dev.duet.db;

class MariadbSchemaTest extends SchemaSuite {
    MariadbSchemaTest() {
        super(TestDatabases.MARIADB);
    }
}
