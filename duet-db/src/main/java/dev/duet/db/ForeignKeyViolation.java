package dev.duet.db;

import java.util.List;

/** A reference to a row that does not exist, or a delete of a row still referenced. HTTP 409 with {@link DuetDb#install}. */
public final class ForeignKeyViolation extends ConstraintViolation {
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
    public ForeignKeyViolation(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
