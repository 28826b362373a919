package dev.duet.db.internal;

import java.sql.SQLException;

/** Reads the current row, whichever client's it is (see {@link Columns}). */
@FunctionalInterface
public interface RowReader<R> {
    R read(Columns rs) throws SQLException;
}
