package dev.duet.db;

import java.util.List;

/** A row failed a {@link Check} constraint. HTTP 400 with {@link DuetDb#install}. */
public final class CheckViolation extends ConstraintViolation {
    public CheckViolation(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, table, fields, constraint, cause);
    }
}
