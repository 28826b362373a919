package dev.duet.db;

import java.util.List;

/** A row with the same value(s) in a unique column (or set of columns) already exists. HTTP 409 with {@link DuetDb#install}. */
public final class UniqueViolation extends ConstraintViolation {
    public UniqueViolation(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
