package dev.duet.db;

/** The ORM suite on the real MariaDB server ({@code DUET_TEST_MYSQL_URL}), in a database of its own. */
class MariadbOrmTest extends OrmSuite {
    @Override
    protected TestDatabases.Isolated isolate() {
        return TestDatabases.mysql();
    }

    @Override
    protected String unreachableUrl() {
        return "mysql://root:secret@127.0.0.1:1/test";
    }

    @Override
    protected String expectedDialect() {
        return "mysql";
    }
}
