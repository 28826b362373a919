package dev.duet.db;

class MariadbTransactionTest extends TransactionSuite {
    MariadbTransactionTest() {
        super(TestDatabases.MARIADB);
    }
}
