package dev.duet.cli;

/** The db commands on the real MariaDB server, in a database of their own. */
class DbCommandsMariadbTest extends DbMigrateSuite {
    @Override
    IsolatedDatabase isolate() {
        return IsolatedDatabase.mariadb();
    }
}
