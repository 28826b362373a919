package dev.duet.db;

import java.util.List;

/**
 * A write the database refused because it breaks a constraint. Names the table, the model's
 * fields involved (when the database says which) and the constraint.
 */
public abstract sealed class ConstraintViolation extends DbException
        permits UniqueViolation, NotNullViolation, ForeignKeyViolation, CheckViolation, ValueTooLong {
    private final String table;
    private final List<String> fields;
    private final String constraint;

    /**
     * For the subclasses: {@code fields} is copied (null means none), the other details may be null.
     *
     * @param message    the message users may be shown (no SQL, no values)
     * @param table      the table written to, or null
     * @param fields     the model's fields involved, or null
     * @param constraint the constraint's name, or null
     * @param cause      the driver's {@link java.sql.SQLException}, or null
     */
    protected ConstraintViolation(String message, String table, List<String> fields, String constraint, Throwable cause) {
        super(message, cause);
        this.table = table;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
        this.constraint = constraint;
    }

    /** The table written to, or null if the database did not say. */
    public String table() {
        return table;
    }

    /** The model's fields (the column names where no model is known) involved; may be empty. */
    public List<String> fields() {
        return fields;
    }

    /** The first of {@link #fields()}, or null. */
    public String field() {
        return fields.isEmpty() ? null : fields.getFirst();
    }

    /** The constraint's name, or null if the database did not say. */
    public String constraint() {
        return constraint;
    }
}
