package dev.duet.db;

import java.util.List;

/** A reference to a row that does not exist, or a delete of a row still referenced. HTTP 409 with {@link DuetDb#install}. */
public final class ForeignKeyViolation extends ConstraintViolation {
    public ForeignKeyViolation(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
