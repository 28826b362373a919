package dev.duet.db;

import java.sql.SQLException;

/**
 * Every failure of duet-db is one of these (unchecked): the JDBC {@link SQLException} is kept as
 * the cause, with its SQLState and vendor code at hand. Constraint failures have their own
 * subclasses ({@link UniqueViolation}, {@link NotNullViolation}, {@link ForeignKeyViolation},
 * {@link CheckViolation}, {@link ValueTooLong}), so do {@link NotFound}, {@link ConnectionFailure}
 * and {@link Overloaded}. A failed write always surfaces as one of these; none is swallowed.
 */
public class DbException extends RuntimeException {
    /** A failure with no underlying exception (a closed database, a failed check of duet-db's own). */
    public DbException(String message) {
        super(message);
    }

    /**
     * A failure caused by {@code cause}, usually the driver's {@link SQLException}, whose SQLState
     * and vendor code {@link #sqlState()} and {@link #vendorCode()} then report.
     */
    public DbException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The SQLState of the underlying {@link SQLException}, or null. */
    public String sqlState() {
        return getCause() instanceof SQLException e ? e.getSQLState() : null;
    }

    /** The vendor's error code of the underlying {@link SQLException}, or 0. */
    public int vendorCode() {
        return getCause() instanceof SQLException e ? e.getErrorCode() : 0;
    }
}
