package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.TableMapping;

import java.util.List;

/** Compiles a {@link Q} against a table: field names checked, values converted and bound. */
final class Where {
    private Where() {
    }

    /** Checks every field {@code q} names, now, so a typo fails where the query is built. */
    static void check(Q q, Table<?> table) {
        ModelInfo<?> m = table.model;
        switch (q) {
            case Q.Compare c -> m.column(c.field()).normalize(c.value());
            case Q.In in -> {
                Col col = m.column(in.field());
                for (Object v : in.values()) {
                    if (v == null) throw new IllegalArgumentException("in(" + in.field() + ", …) got a null; use isNull()");
                    col.normalize(v);
                }
            }
            case Q.InSubquery in -> {
                Col col = m.column(in.field());
                Subquery sub = in.subquery();
                if (sub.query.table.db != table.db) {
                    throw new IllegalArgumentException("in(" + in.field() + ", " + sub + "): the subquery is on another database");
                }
                if (!comparable(col.type, sub.column.type)) {
                    throw new IllegalArgumentException("in(" + in.field() + ", " + sub + "): " + sub.query.table.model.name + "."
                            + sub.column.field + " is a " + sub.column.javaType.getSimpleName() + ", " + m.name + "." + col.field
                            + " a " + col.javaType.getSimpleName());
                }
            }
            case Q.Like l -> text(m.column(l.field()));
            case Q.IsNull n -> m.column(n.field());
            case Q.And a -> a.parts().forEach(p -> check(p, table));
            case Q.Or o -> o.parts().forEach(p -> check(p, table));
            case Q.Not n -> check(n.inner(), table);
        }
    }

    private static boolean comparable(ColumnType a, ColumnType b) {
        boolean aInt = a == ColumnType.INT || a == ColumnType.LONG;
        boolean bInt = b == ColumnType.INT || b == ColumnType.LONG;
        return a == b || (aInt && bInt) || (a == ColumnType.STRING || a == ColumnType.TEXT) && (b == ColumnType.STRING || b == ColumnType.TEXT);
    }

    private static Col text(Col c) {
        if (c.type != ColumnType.STRING && c.type != ColumnType.TEXT && c.type != ColumnType.ENUM) {
            throw new IllegalArgumentException("like/contains needs a text field; '" + c.field + "' is a " + c.javaType.getSimpleName());
        }
        return c;
    }

    /**
     * Appends {@code q}'s SQL to {@code sb} (column names from {@code quoted}, by column index) and
     * its values, converted to their fields' types, to {@code params}, in the order of the
     * {@code ?}s. With {@code sb} null only the values are collected: that is how a query whose SQL
     * is cached for its shape gets its parameters, by the very same walk.
     */
    static void sql(Q q, TableMapping<?> t, StringBuilder sb, List<Param> params) {
        ModelInfo<?> m = t.model;
        String[] quoted = t.quoted;
        switch (q) {
            case Q.Compare c -> {
                Col col = m.column(c.field());
                if (sb != null) sb.append(quoted[col.index]).append(' ').append(c.op().sql).append(" ?");
                params.add(new Param(col.normalize(c.value()), col.type));
            }
            case Q.In in -> {
                Col col = m.column(in.field());
                if (in.values().isEmpty()) {
                    if (sb != null) sb.append(in.negated() ? "1 = 1" : "1 = 0");
                    return;
                }
                if (sb != null) sb.append(quoted[col.index]).append(in.negated() ? " NOT IN (" : " IN (");
                for (int i = 0; i < in.values().size(); i++) {
                    if (sb != null) sb.append(i == 0 ? "?" : ", ?");
                    params.add(new Param(col.normalize(in.values().get(i)), col.type));
                }
                if (sb != null) sb.append(')');
            }
            case Q.InSubquery in -> {
                Col col = m.column(in.field());
                if (sb != null) sb.append(quoted[col.index]).append(in.negated() ? " NOT IN (" : " IN (");
                select(in.subquery(), sb, params);
                if (sb != null) sb.append(')');
            }
            case Q.Like l -> {
                Col col = text(m.column(l.field()));
                if (sb != null) {
                    if (l.ignoreCase()) {
                        sb.append("LOWER(").append(quoted[col.index]).append(") LIKE LOWER(?) ESCAPE '!'");
                    } else {
                        sb.append(quoted[col.index]).append(" LIKE ? ESCAPE '!'");
                    }
                }
                params.add(new Param(l.pattern(), ColumnType.STRING));
            }
            case Q.IsNull n -> {
                Col col = m.column(n.field());
                if (sb != null) sb.append(quoted[col.index]).append(n.negated() ? " IS NOT NULL" : " IS NULL");
            }
            case Q.And a -> join(a.parts(), " AND ", "1 = 1", t, sb, params);
            case Q.Or o -> join(o.parts(), " OR ", "1 = 0", t, sb, params);
            case Q.Not n -> {
                if (sb != null) sb.append("NOT (");
                sql(n.inner(), t, sb, params);
                if (sb != null) sb.append(')');
            }
        }
    }

    /**
     * {@code SELECT column FROM table [WHERE …]}, without the query's order (which does not matter
     * to IN); a nullable column's nulls are left out, so that NOT IN still matches the other rows.
     */
    private static void select(Subquery sub, StringBuilder sb, List<Param> params) {
        TableMapping<?> t = sub.query.table.mapping;
        String column = t.quoted[sub.column.index];
        if (sb != null) sb.append("SELECT ").append(column).append(" FROM ").append(t.quotedTable);
        Q where = sub.query.where;
        if (where != null) {
            if (sb != null) sb.append(" WHERE ").append(sub.column.nullable ? "(" : "");
            sql(where, t, sb, params);
            if (sb != null && sub.column.nullable) sb.append(") AND ").append(column).append(" IS NOT NULL");
        } else if (sb != null && sub.column.nullable) {
            sb.append(" WHERE ").append(column).append(" IS NOT NULL");
        }
    }

    private static void join(List<Q> parts, String op, String empty, TableMapping<?> t, StringBuilder sb, List<Param> params) {
        if (parts.isEmpty()) {
            if (sb != null) sb.append(empty);
            return;
        }
        if (parts.size() == 1) {
            sql(parts.getFirst(), t, sb, params);
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (sb != null) {
                if (i > 0) sb.append(op);
                sb.append('(');
            }
            sql(parts.get(i), t, sb, params);
            if (sb != null) sb.append(')');
        }
    }

    // ---- shapes: what decides the SQL, values aside ----

    /** A hash of {@code q}'s shape: fields, operators and structure, but not the values (except how many an IN has). */
    static int shapeHash(Q q) {
        return switch (q) {
            case null -> 0;
            case Q.Compare c -> 31 * c.field().hashCode() + c.op().ordinal() + 1;
            case Q.In in -> 37 * in.field().hashCode() + 7 * in.values().size() + (in.negated() ? 3 : 2);
            case Q.InSubquery in -> 61 * in.field().hashCode() + 13 * System.identityHashCode(in.subquery().query.table)
                    + 7 * in.subquery().column.index + 17 * shapeHash(in.subquery().query.where) + (in.negated() ? 12 : 11);
            case Q.Like l -> 41 * l.field().hashCode() + (l.ignoreCase() ? 5 : 4);
            case Q.IsNull n -> 43 * n.field().hashCode() + (n.negated() ? 7 : 6);
            case Q.And a -> 47 * partsHash(a.parts()) + 8;
            case Q.Or o -> 53 * partsHash(o.parts()) + 9;
            case Q.Not n -> 59 * shapeHash(n.inner()) + 10;
        };
    }

    private static int partsHash(List<Q> parts) {
        int h = parts.size();
        for (Q p : parts) h = 31 * h + shapeHash(p);
        return h;
    }

    /** Whether {@code a} and {@code b} make the same SQL (they may differ in their values). */
    static boolean sameShape(Q a, Q b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        return switch (a) {
            case Q.Compare x -> b instanceof Q.Compare y && x.op() == y.op() && x.field().equals(y.field());
            case Q.In x -> b instanceof Q.In y && x.negated() == y.negated() && x.values().size() == y.values().size()
                    && x.field().equals(y.field());
            case Q.InSubquery x -> b instanceof Q.InSubquery y && x.negated() == y.negated() && x.field().equals(y.field())
                    && x.subquery().query.table == y.subquery().query.table && x.subquery().column == y.subquery().column
                    && sameShape(x.subquery().query.where, y.subquery().query.where);
            case Q.Like x -> b instanceof Q.Like y && x.ignoreCase() == y.ignoreCase() && x.field().equals(y.field());
            case Q.IsNull x -> b instanceof Q.IsNull y && x.negated() == y.negated() && x.field().equals(y.field());
            case Q.And x -> b instanceof Q.And y && sameParts(x.parts(), y.parts());
            case Q.Or x -> b instanceof Q.Or y && sameParts(x.parts(), y.parts());
            case Q.Not x -> b instanceof Q.Not y && sameShape(x.inner(), y.inner());
        };
    }

    private static boolean sameParts(List<Q> a, List<Q> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!sameShape(a.get(i), b.get(i))) return false;
        }
        return true;
    }

    /** {@code q} with its values dropped (same shape), so that a cache keyed by shapes holds no user data. */
    static Q strip(Q q) {
        return switch (q) {
            case null -> null;
            case Q.Compare c -> new Q.Compare(c.field(), c.op(), null);
            case Q.In in -> new Q.In(in.field(), java.util.Collections.nCopies(in.values().size(), ""), in.negated());
            case Q.InSubquery in -> new Q.InSubquery(in.field(),
                    new Subquery(in.subquery().query.withWhere(strip(in.subquery().query.where)), in.subquery().column), in.negated());
            case Q.Like l -> new Q.Like(l.field(), "", l.ignoreCase());
            case Q.IsNull n -> n;
            case Q.And a -> new Q.And(a.parts().stream().map(Where::strip).toList());
            case Q.Or o -> new Q.Or(o.parts().stream().map(Where::strip).toList());
            case Q.Not n -> new Q.Not(strip(n.inner()));
        };
    }
}
