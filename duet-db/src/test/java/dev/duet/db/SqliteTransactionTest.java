package dev.duet.db;

class SqliteTransactionTest extends TransactionSuite {
    SqliteTransactionTest() {
        super(TestDatabases.SQLITE);
    }
}
