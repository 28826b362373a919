package dev.duet.cli;

/** The db commands on SQLite, in a file of their own; the shell's details are in {@link SqlShellTest}. */
class DbCommandsSqliteTest extends DbMigrateSuite {
    @Override
    IsolatedDatabase isolate() throws Exception {
        return IsolatedDatabase.sqlite();
    }
}
