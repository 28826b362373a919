package dev.duet.cli;

/** The db commands on the real PostgreSQL server, in a schema of their own. */
class DbCommandsPostgresTest extends DbMigrateSuite {
    @Override
    IsolatedDatabase isolate() {
        return IsolatedDatabase.postgres();
    }
}
