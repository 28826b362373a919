package dev.duet.db;

class MariadbAsyncTest extends AsyncSuite {
    MariadbAsyncTest() {
        super(TestDatabases.MARIADB);
    }
}
