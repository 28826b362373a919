package dev.duet.db.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** JDBC work on a connection the engine lends. */
@FunctionalInterface
public interface SqlWork<R> {
    R run(Connection c) throws SQLException;
}
