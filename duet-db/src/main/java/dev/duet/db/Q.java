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

    static Q lt(String field, Object value) {
        return new Compare(field, Op.LT, Objects.requireNonNull(value, "lt(" + field + ", null)"));
    }

    static Q le(String field, Object value) {
        return new Compare(field, Op.LE, Objects.requireNonNull(value, "le(" + field + ", null)"));
    }

    static Q gt(String field, Object value) {
        return new Compare(field, Op.GT, Objects.requireNonNull(value, "gt(" + field + ", null)"));
    }

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

    static Q isNull(String field) {
        return new IsNull(field, false);
    }

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

    static Q startsWith(String field, String text) {
        return new Like(field, escapeLike(text) + "%", false);
    }

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

    static Q and(Q... parts) {
        return new And(flatten(Arrays.asList(parts), true));
    }

    static Q or(Q... parts) {
        return new Or(flatten(Arrays.asList(parts), false));
    }

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

    /** The comparison operators. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    record Compare(String field, Op op, Object value) implements Q {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
        }

        @Override
        public String toString() {
            return field + " " + op.sql + " " + (value instanceof CharSequence ? "'" + value + "'" : value);
        }
    }

    record In(String field, List<?> values, boolean negated) implements Q {
        public In {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field + (negated ? " not in " : " in ") + values;
        }
    }

    record InSubquery(String field, Subquery subquery, boolean negated) implements Q {
        public InSubquery {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(subquery, "subquery");
        }

        @Override
        public String toString() {
            return field + (negated ? " not in (" : " in (") + subquery + ")";
        }
    }

    record Like(String field, String pattern, boolean ignoreCase) implements Q {
        public Like {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public String toString() {
            return field + (ignoreCase ? " ilike '" : " like '") + pattern + "'";
        }
    }

    record IsNull(String field, boolean negated) implements Q {
        public IsNull {
            Objects.requireNonNull(field, "field");
        }

        @Override
        public String toString() {
            return field + (negated ? " is not null" : " is null");
        }
    }

    record And(List<Q> parts) implements Q {
        @Override
        public String toString() {
            return parts.isEmpty() ? "all" : join(parts, " and ");
        }
    }

    record Or(List<Q> parts) implements Q {
        @Override
        public String toString() {
            return parts.isEmpty() ? "none" : join(parts, " or ");
        }
    }

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
