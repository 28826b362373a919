package dev.duet.db;

/** The ORM suite on the real PostgreSQL server ({@code DUET_TEST_POSTGRES_URL}), in a schema of its own. */
class PostgresOrmTest extends OrmSuite {
    @Override
    protected TestDatabases.Isolated isolate() {
        return TestDatabases.postgres();
    }

    @Override
    protected String unreachableUrl() {
        return "postgresql://postgres:secret@127.0.0.1:1/test";
    }

    @Override
    protected String expectedDialect() {
        return "postgresql";
    }
}
