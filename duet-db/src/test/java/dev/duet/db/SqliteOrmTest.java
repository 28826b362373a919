package dev.duet.db;

/** The ORM suite on SQLite (a file in a temp directory). */
class SqliteOrmTest extends OrmSuite {
    @Override
    protected TestDatabases.Isolated isolate() {
        return TestDatabases.sqlite();
    }

    @Override
    protected String unreachableUrl() {
        return "sqlite:/proc/duet-no-such-dir/x.db";
    }

    @Override
    protected String expectedDialect() {
        return "sqlite";
    }
}
