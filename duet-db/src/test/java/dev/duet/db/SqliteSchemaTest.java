package dev.duet.db;

class SqliteSchemaTest extends SchemaSuite {
    SqliteSchemaTest() {
        super(TestDatabases.SQLITE);
    }
}
