package dev.duet.db.internal.dialect;

import dev.duet.db.CheckViolation;
import dev.duet.db.ConnectionFailure;
import dev.duet.db.DbException;
import dev.duet.db.ForeignKeyViolation;
import dev.duet.db.NotNullViolation;
import dev.duet.db.UniqueViolation;
import dev.duet.db.ValueTooLong;
import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.TableMapping;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which failure an {@link SQLException} is, and the typed {@link DbException} it becomes, with a
 * message naming the model and field. Each database says how to {@linkplain #classify classify}
 * its errors (SQLSTATE, vendor code, message) and {@linkplain #parse what they name}; the
 * messages are made here, the same on all three.
 */
abstract class SqlErrors {

    /** What a constraint error names, as far as the message tells. */
    protected record Parsed(String table, List<String> columns, String constraint) {
    }

    /** Whether {@code e} says the connection itself is gone (it cannot run another statement). */
    boolean lostConnection(SQLException e) {
        return classify(e, e.getSQLState() == null ? "" : e.getSQLState()) == Kind.CONNECTION;
    }

    /** The typed exception for {@code e}, for a statement on {@code t} (null if raw SQL). */
    DbException translate(SQLException e, TableMapping<?> t, String what) {
        ModelInfo<?> model = t == null ? null : t.model;
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Kind k = classify(e, state);
        if (k == Kind.CONNECTION) {
            return new ConnectionFailure("Lost the database connection while " + what + ": " + e.getMessage(), e);
        }
        if (k == Kind.OTHER) return new DbException(cleanMessage(e) + " (while " + what + ")", e);
        Parsed p = parse(e, k);
        String table = p.table() != null ? p.table() : t != null ? t.table : null;
        List<String> fields = new ArrayList<>();
        List<String> cols = new ArrayList<>(p.columns());
        if (cols.isEmpty() && model != null && p.constraint() != null) {
            for (ModelInfo.IndexInfo ix : t.indexes) {
                if (ix.name().equalsIgnoreCase(p.constraint())) ix.columns().forEach(c -> cols.add(c.column));
            }
        }
        for (String col : cols) {
            Col c = model == null ? null : model.byColumn(col);
            fields.add(c != null ? c.field : col);
        }
        String subject = model != null ? model.name : table != null ? table : "row";
        return switch (k) {
            case UNIQUE -> new UniqueViolation(fields.isEmpty()
                    ? "A " + subject + " with these values already exists"
                    : "A " + subject + " with this " + String.join(" and ", fields) + " already exists",
                    table, fields, p.constraint(), e);
            case NOT_NULL -> new NotNullViolation(fields.isEmpty()
                    ? "A required field of " + subject + " is missing"
                    : "Field '" + fields.getFirst() + "' of " + subject + " is required (it was null)",
                    table, fields, p.constraint(), e);
            case FOREIGN_KEY -> foreignKey(e, t, what, p, subject, fields);
            case CHECK -> new CheckViolation("A value of " + subject + " breaks the rule "
                    + (p.constraint() != null ? "'" + p.constraint() + "'" : "of a check constraint"),
                    table, fields, p.constraint(), e);
            case TOO_LONG -> {
                Col c = fields.isEmpty() || model == null ? null : model.byColumn(cols.getFirst());
                yield new ValueTooLong(fields.isEmpty()
                        ? "A value of " + subject + " is longer than its column allows"
                        : "Field '" + fields.getFirst() + "' of " + subject + " is too long"
                                + (c != null && c.type == ColumnType.STRING ? " (at most " + c.length + " characters)" : ""),
                        table, fields, p.constraint(), e);
            }
            default -> throw new IllegalStateException();
        };
    }

    /**
     * A foreign key failure, said from the side that caused it: a row that refers to a missing one
     * (naming the field and the model it refers to), or a row still referred to by others.
     */
    private ForeignKeyViolation foreignKey(SQLException e, TableMapping<?> t, String what, Parsed p, String subject,
                                           List<String> fields) {
        String constraint = p.constraint();
        if (t == null) {
            return new ForeignKeyViolation("A reference does not match an existing row, or a row is still referenced"
                    + (constraint != null ? " (" + constraint + ")" : ""), p.table(), fields, constraint, e);
        }
        if (stillReferenced(e, what)) {
            String by = p.table() != null && !p.table().equalsIgnoreCase(t.table) ? "rows of " + p.table() : "other rows";
            return new ForeignKeyViolation("This " + subject + " is still referenced by " + by
                    + "; delete or change those first (or declare the reference with cascade = true)",
                    t.table, List.of(), constraint, e);
        }
        Col ref = null;
        for (Col c : t.model.columns) {
            if (c.references == null) continue;
            boolean named = constraint != null && constraint.equalsIgnoreCase(t.foreignKeyName(c));
            if (named || (constraint == null && ref == null)) ref = c;
            else if (constraint == null) {
                ref = null; // several references and no name: the database did not say which
                break;
            }
            if (named) break;
        }
        if (ref == null) {
            return new ForeignKeyViolation("A reference of " + subject + " does not match an existing row"
                    + (constraint != null ? " (" + constraint + ")" : ""), t.table, fields, constraint, e);
        }
        return new ForeignKeyViolation("Field '" + ref.field + "' of " + subject + " refers to a "
                + ModelInfo.of(ref.references).name + " that does not exist", t.table, List.of(ref.field), constraint, e);
    }

    /** Whether a foreign key failure is about deleting (or re-keying) a row others still refer to. */
    protected boolean stillReferenced(SQLException e, String what) {
        return what != null && what.startsWith("deleting");
    }

    protected enum Kind { UNIQUE, NOT_NULL, FOREIGN_KEY, CHECK, TOO_LONG, CONNECTION, OTHER }

    protected abstract Kind classify(SQLException e, String sqlState);

    protected abstract Parsed parse(SQLException e, Kind kind);

    protected String cleanMessage(SQLException e) {
        return e.getMessage();
    }

    protected static String group(Pattern p, String s) {
        if (s == null) return null;
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }
}
