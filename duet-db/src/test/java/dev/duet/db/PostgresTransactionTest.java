package dev.duet.db;

class PostgresTransactionTest extends TransactionSuite {
    PostgresTransactionTest() {
        super(TestDatabases.POSTGRESQL);
    }
}
