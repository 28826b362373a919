package dev.duet.db.internal;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the current row of a result set. */
@FunctionalInterface
public interface RowReader<R> {
    R read(ResultSet rs) throws SQLException;
}
