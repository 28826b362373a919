package dev.duet.db;

import java.util.List;

/** A value longer than its column allows ({@link Column#length()}); SQLite enforces it too. HTTP 400 with {@link DuetDb#install}. */
public final class ValueTooLong extends ConstraintViolation {
    public ValueTooLong(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
