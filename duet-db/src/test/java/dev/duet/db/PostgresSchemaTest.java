package dev.duet.db;

class PostgresSchemaTest extends SchemaSuite {
    PostgresSchemaTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
