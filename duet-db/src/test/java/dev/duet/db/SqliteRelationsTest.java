package dev.duet.db;

class SqliteRelationsTest extends RelationsSuite {
    SqliteRelationsTest() {
        super(TestDatabases.SQLITE);
    }
}
