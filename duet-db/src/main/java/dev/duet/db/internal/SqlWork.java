package dev.duet.db.internal;

import java.sql.SQLException;

/** JDBC work on a connection the engine lends. */
@FunctionalInterface
public interface SqlWork<R> {
    R run(CancellableConnection c) throws SQLException;
}
