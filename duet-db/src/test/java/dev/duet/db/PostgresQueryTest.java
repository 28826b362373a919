package dev.duet.db;

class PostgresQueryTest extends QuerySuite {
    PostgresQueryTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
