package dev.duet.db;

import java.util.List;

/** A required (NOT NULL) field was null. HTTP 400 with {@link DuetDb#install}. */
public final class NotNullViolation extends ConstraintViolation {
    public NotNullViolation(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
