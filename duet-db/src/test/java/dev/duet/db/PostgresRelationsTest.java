package dev.duet.db;

class PostgresRelationsTest extends RelationsSuite {
    PostgresRelationsTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
