/**
 * Duet's ORM: models, queries, blocking and async twins, transactions, schema and migrations on
 * SQLite, PostgreSQL and MySQL/MariaDB. {@code dev.duet.db.internal} is not exported.
 */
module dev.duet.db {
    exports dev.duet.db;

    requires transitive dev.duet.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires flyway.core;
    requires org.postgresql.jdbc;
}
