package dev.duet.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A condition on a model's fields, for {@link Table#where(Q)} and {@link Query#where(Q)}. Fields
 * are named as in the model ({@code "createdAt"}; the column name {@code "created_at"} works too)
 * and checked against it when the query is built, so a typo fails at once with the list of
 * fields. Values are always bound as parameters, converted to the field's type: user input never
 * becomes SQL.
 *
 * <pre>{@code
 * import static dev.duet.db.Q.*;
 *
 * users.where(eq("email", email)).first();
 * users.where(gt("age", 17).and(contains("name", "ann"))).orderBy("-createdAt").limit(20).all();
 * users.where(or(eq("role", Role.ADMIN), in("id", 1, 2, 3))).count();
 * }</pre>
 */
public sealed interface Q {

    /** Both this and {@code other}. */
    default Q and(Q other) {
        return Q.and(this, other);
    }

    /** This or {@code other}. */
    default Q or(Q other) {
        return Q.or(this, other);
    }

    // ---- comparisons ----

    /** {@code field = value}; {@code eq(field, null)} means {@link #isNull}. */
    static Q eq(String field, Object value) {
        return value == null ? new IsNull(field, false) : new Compare(field, Op.EQ, value);
    }

    /** {@code field <> value}; {@code ne(field, null)} means {@link #notNull}. */
    static Q ne(String field, Object value) {
        return value == null ? new IsNull(field, true) : new Compare(field, Op.NE, value);
    }

    /**
     * {@code field < value}; a null {@code value} is refused (NullPointerException): nothing compares
     * with null in SQL.
     */
    static Q lt(String field, Object value) {
        return new Compare(field, Op.LT, Objects.requireNonNull(value, "lt(" + field + ", null)"));
    }

    /**
     * {@code field <= value}; a null {@code value} is refused (NullPointerException): nothing compares
     * with null in SQL.
     */
    static Q le(String field, Object value) {
        return new Compare(field, Op.LE, Objects.requireNonNull(value, "le(" + field + ", null)"));
    }

    /**
     * {@code field > value}; a null {@code value} is refused (NullPointerException): nothing compares
     * with null in SQL.
     */
    static Q gt(String field, Object value) {
        return new Compare(field, Op.GT, Objects.requireNonNull(value, "gt(" + field + ", null)"));
    }

    /**
     * {@code field >= value}; a null {@code value} is refused (NullPointerException): nothing compares
     * with null in SQL.
     */
    static Q ge(String field, Object value) {
        return new Compare(field, Op.GE, Objects.requireNonNull(value, "ge(" + field + ", null)"));
    }

    /** {@code low <= field <= high}. */
    static Q between(String field, Object low, Object high) {
        return and(ge(field, low), le(field, high));
    }

    /** {@code field IN (values)}; an empty collection matches nothing. */
    static Q in(String field, Collection<?> values) {
        return new In(field, List.copyOf(values), false);
    }

    /** {@code field IN (values)}, the values listed inline: {@code in("id", 1, 2, 3)}; none matches nothing. */
    static Q in(String field, Object... values) {
        return new In(field, List.of(values), false);
    }

    /** {@code field NOT IN (values)}; an empty collection matches everything. */
    static Q notIn(String field, Collection<?> values) {
        return new In(field, List.copyOf(values), true);
    }

    /**
     * {@code field IN (SELECT …)}: the rows whose {@code field} is among the values of another
     * query's column, in the same statement: the posts a user likes,
     * {@code posts.where(in("id", favorites.where(eq("userId", me)).column("postId")))}. Made with
     * {@link Query#column}; the subquery's values are bound in their place, in order.
     */
    static Q in(String field, Subquery values) {
        return new InSubquery(field, Objects.requireNonNull(values, "in(" + field + ", null)"), false);
    }

    /**
     * {@code field NOT IN (SELECT …)}; the subquery's null values are left out, so that they do
     * not make it match nothing, as they would in SQL.
     */
    static Q notIn(String field, Subquery values) {
        return new InSubquery(field, Objects.requireNonNull(values, "notIn(" + field + ", null)"), true);
    }

    /** {@code field IS NULL}: the field has no value (only a nullable field can match). */
    static Q isNull(String field) {
        return new IsNull(field, false);
    }

    /** {@code field IS NOT NULL}: the field has a value. */
    static Q notNull(String field) {
        return new IsNull(field, true);
    }

    // ---- text ----

    /**
     * {@code field LIKE pattern}, with {@code %} and {@code _} as wildcards; case follows the
     * database (sensitive on PostgreSQL and on MySQL's binary collation Duet creates tables with,
     * insensitive for ASCII on SQLite). {@link #ilike} is insensitive everywhere.
     */
    static Q like(String field, String pattern) {
        return new Like(field, pattern, false);
    }

    /** {@code LOWER(field) LIKE LOWER(pattern)}: case-insensitive on every database. */
    static Q ilike(String field, String pattern) {
        return new Like(field, pattern, true);
    }

    /** The field contains {@code text} literally ({@code %} and {@code _} in it are not wildcards). */
    static Q contains(String field, String text) {
        return new Like(field, "%" + escapeLike(text) + "%", false);
    }

    /** Like {@link #contains}, ignoring case. */
    static Q icontains(String field, String text) {
        return new Like(field, "%" + escapeLike(text) + "%", true);
    }

    /**
     * The field begins with {@code text} literally ({@code %} and {@code _} in it are not wildcards);
     * case as in {@link #like}.
     */
    static Q startsWith(String field, String text) {
        return new Like(field, escapeLike(text) + "%", false);
    }

    /**
     * The field ends with {@code text} literally ({@code %} and {@code _} in it are not wildcards);
     * case as in {@link #like}.
     */
    static Q endsWith(String field, String text) {
        return new Like(field, "%" + escapeLike(text), false);
    }

    /** {@code text} with LIKE's wildcards escaped (the escape character is {@code !}). */
    static String escapeLike(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '!' || c == '%' || c == '_') sb.append('!');
            sb.append(c);
        }
        return sb.toString();
    }

    // ---- logic ----

    /** Every one of {@code parts}; none at all matches every row (as {@link #all()}). A null part is refused. */
    static Q and(Q... parts) {
        return new And(flatten(Arrays.asList(parts), true));
    }

    /** At least one of {@code parts}; none at all matches no row. A null part is refused. */
    static Q or(Q... parts) {
        return new Or(flatten(Arrays.asList(parts), false));
    }

    /**
     * The rows {@code q} does not match: {@code NOT (q)}. As in SQL, a row whose field is null matches
     * neither a comparison on that field nor its {@code not}.
     */
    static Q not(Q q) {
        return new Not(Objects.requireNonNull(q, "not(null)"));
    }

    /** Matches every row. */
    static Q all() {
        return new And(List.of());
    }

    private static List<Q> flatten(List<Q> parts, boolean and) {
        List<Q> out = new ArrayList<>();
        for (Q q : parts) {
            Objects.requireNonNull(q, and ? "and(…, null, …)" : "or(…, null, …)");
            if (and && q instanceof And a) out.addAll(a.parts());
            else if (!and && q instanceof Or o) out.addAll(o.parts());
            else out.add(q);
        }
        return List.copyOf(out);
    }

    // ---- the tree ----
    // Public (and sealed) so that code can walk a condition with a switch; users make nodes through
    // the factories above, which check their arguments.

    /** The comparison operators. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        /** The operator as SQL writes it ({@code "<>"} for {@link #NE}). */
        public final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    /**
     * A comparison, made by {@link #eq}, {@link #ne}, {@link #lt}, {@link #le}, {@link #gt} and
     * {@link #ge}.
     *
     * @param field the model's field (or column) compared
     * @param op    the operator
     * @param value the value, converted to the field's type and bound as a parameter
     */
    record Compare(String field, Op op, Object value) implements Q {
        /** Refuses a null {@code field} or {@code op}. */
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
        }

        @Override
        public String toString() {
            return field + " " + op.sql + " " + (value instanceof CharSequence ? "'" + value + "'" : value);
        }
    }

    /**
     * A membership test in a list of values, made by {@link #in} and {@link #notIn}.
     *
     * @param field   the model's field (or column) tested
     * @param values  the values, each converted to the field's type; none may be null
     * @param negated true for {@code NOT IN}
     */
    record In(String field, List<?> values, boolean negated) implements Q {
        /** Refuses a null {@code field}. */
        public In {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field + (negated ? " not in " : " in ") + values;
        }
    }

    /**
     * A membership test in another query's column, made by {@link #in(String, Subquery)} and
     * {@link #notIn(String, Subquery)}.
     *
     * @param field    the model's field (or column) tested
     * @param subquery the column of another query, on the same database
     * @param negated  true for {@code NOT IN} (the subquery's nulls left out)
     */
    record InSubquery(String field, Subquery subquery, boolean negated) implements Q {
        /** Refuses a null {@code field} or {@code subquery}. */
        public InSubquery {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(subquery, "subquery");
        }

        @Override
        public String toString() {
            return field + (negated ? " not in (" : " in (") + subquery + ")";
        }
    }

    /**
     * A LIKE match on a text (or enum) field, made by {@link #like}, {@link #ilike},
     * {@link #contains}, {@link #icontains}, {@link #startsWith} and {@link #endsWith}.
     *
     * @param field      the model's field (or column) matched
     * @param pattern    the pattern: {@code %} and {@code _} are wildcards, {@code !} escapes them
     * @param ignoreCase true to compare both sides in lower case, on every database
     */
    record Like(String field, String pattern, boolean ignoreCase) implements Q {
        /** Refuses a null {@code field} or {@code pattern}. */
        public Like {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public String toString() {
            return field + (ignoreCase ? " ilike '" : " like '") + pattern + "'";
        }
    }

    /**
     * A null test, made by {@link #isNull}, {@link #notNull}, and {@link #eq}/{@link #ne} with a
     * null value.
     *
     * @param field   the model's field (or column) tested
     * @param negated true for {@code IS NOT NULL}
     */
    record IsNull(String field, boolean negated) implements Q {
        /** Refuses a null {@code field}. */
        public IsNull {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field + (negated ? " is not null" : " is null");
        }
    }

    /**
     * All of {@code parts}, made by {@link #and(Q...)}, {@link Q#and(Q)} and {@link #all()};
     * nested ands are flattened into one.
     *
     * @param parts the conditions; empty matches every row
     */
    record And(List<Q> parts) implements Q {
        @Override
        public String toString() {
            return parts.isEmpty() ? "all" : join(parts, " and ");
        }
    }

    /**
     * Any of {@code parts}, made by {@link #or(Q...)} and {@link Q#or(Q)}; nested ors are
     * flattened into one.
     *
     * @param parts the conditions; empty matches no row
     */
    record Or(List<Q> parts) implements Q {
        @Override
        public String toString() {
            return parts.isEmpty() ? "none" : join(parts, " or ");
        }
    }

    /**
     * The negation of {@code inner}, made by {@link #not}.
     *
     * @param inner the condition negated
     */
    record Not(Q inner) implements Q {
        @Override
        public String toString() {
            return "not (" + inner + ")";
        }
    }

    private static String join(List<Q> parts, String op) {
        StringBuilder sb = new StringBuilder();
        for (Q q : parts) {
            if (!sb.isEmpty()) sb.append(op);
            boolean group = q instanceof And || q instanceof Or;
            sb.append(group ? "(" : "").append(q).append(group ? ")" : "");
        }
        return sb.toString();
    }
}
