package dev.duet.db;

class MariadbRelationsTest extends RelationsSuite {
    MariadbRelationsTest() {
        super(TestDatabases.MARIADB);
    }
}
