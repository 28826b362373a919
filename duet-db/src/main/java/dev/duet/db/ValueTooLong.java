package dev.duet.db;

import java.util.List;

/** A value longer than its column allows ({@link Column#length()}); SQLite enforces it too. HTTP 400 with {@link DuetDb#install}. */
public final class ValueTooLong extends ConstraintViolation {
    /**
     * Made by duet-db when it translates the database's error; public so that tests and app code
     * can raise the same failure. {@code fields} may be null (none known); the others may be null too.
     *
     * @param message    the message users may be shown (no SQL, no values)
     * @param table      the table written to, or null
     * @param fields     the model's fields involved, or null
     * @param constraint the constraint's name, or null
     * @param cause      the driver's {@link java.sql.SQLException}, or null
     */
    public ValueTooLong(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
