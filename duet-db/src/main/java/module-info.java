/**
 * Duet's ORM: models, queries, blocking and async twins, transactions, schema and migrations on
 * SQLite, PostgreSQL and MySQL/MariaDB. {@code dev.duet.db.internal} is not exported.
 */
module dev.duet.db {
    exports dev.duet.db;
    // For the module that runs async twins on the event loop (a LoopClient), and no one else.
    exports dev.duet.db.internal to dev.duet.db.loop;

    uses dev.duet.db.internal.LoopClient.Provider;

    requires transitive dev.duet.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires flyway.core;
    requires org.postgresql.jdbc;
}
