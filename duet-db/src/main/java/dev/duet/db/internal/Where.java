package dev.duet.db.internal;

import dev.duet.db.Q;

import java.util.List;

/** Compiles a {@link Q} against a model: field names checked, values converted and bound. */
public final class Where {
    private Where() {
    }

    /** Checks every field {@code q} names, now, so a typo fails where the query is built. */
    public static void check(Q q, ModelInfo<?> m) {
        switch (q) {
            case Q.Compare c -> m.column(c.field()).normalize(c.value());
            case Q.In in -> {
                Col col = m.column(in.field());
                for (Object v : in.values()) {
                    if (v == null) throw new IllegalArgumentException("in(" + in.field() + ", …) got a null; use isNull()");
                    col.normalize(v);
                }
            }
            case Q.Like l -> text(m.column(l.field()));
            case Q.IsNull n -> m.column(n.field());
            case Q.And a -> a.parts().forEach(p -> check(p, m));
            case Q.Or o -> o.parts().forEach(p -> check(p, m));
            case Q.Not n -> check(n.inner(), m);
        }
    }

    private static Col text(Col c) {
        if (c.type != ColumnType.STRING && c.type != ColumnType.TEXT && c.type != ColumnType.ENUM) {
            throw new IllegalArgumentException("like/contains needs a text field; '" + c.field + "' is a " + c.javaType.getSimpleName());
        }
        return c;
    }

    public static void sql(Q q, ModelInfo<?> m, Dialect d, StringBuilder sb, List<Param> params) {
        switch (q) {
            case Q.Compare c -> {
                Col col = m.column(c.field());
                sb.append(d.quote(col.column)).append(' ').append(c.op().sql).append(" ?");
                params.add(new Param(col.normalize(c.value()), col.type));
            }
            case Q.In in -> {
                Col col = m.column(in.field());
                if (in.values().isEmpty()) {
                    sb.append(in.negated() ? "1 = 1" : "1 = 0");
                    return;
                }
                sb.append(d.quote(col.column)).append(in.negated() ? " NOT IN (" : " IN (");
                for (int i = 0; i < in.values().size(); i++) {
                    sb.append(i == 0 ? "?" : ", ?");
                    params.add(new Param(col.normalize(in.values().get(i)), col.type));
                }
                sb.append(')');
            }
            case Q.Like l -> {
                Col col = text(m.column(l.field()));
                if (l.ignoreCase()) {
                    sb.append("LOWER(").append(d.quote(col.column)).append(") LIKE LOWER(?) ESCAPE '!'");
                } else {
                    sb.append(d.quote(col.column)).append(" LIKE ? ESCAPE '!'");
                }
                params.add(new Param(l.pattern(), ColumnType.STRING));
            }
            case Q.IsNull n -> sb.append(d.quote(m.column(n.field()).column)).append(n.negated() ? " IS NOT NULL" : " IS NULL");
            case Q.And a -> join(a.parts(), " AND ", "1 = 1", m, d, sb, params);
            case Q.Or o -> join(o.parts(), " OR ", "1 = 0", m, d, sb, params);
            case Q.Not n -> {
                sb.append("NOT (");
                sql(n.inner(), m, d, sb, params);
                sb.append(')');
            }
        }
    }

    private static void join(List<Q> parts, String op, String empty, ModelInfo<?> m, Dialect d, StringBuilder sb, List<Param> params) {
        if (parts.isEmpty()) {
            sb.append(empty);
            return;
        }
        if (parts.size() == 1) {
            sql(parts.getFirst(), m, d, sb, params);
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) sb.append(op);
            sb.append('(');
            sql(parts.get(i), m, d, sb, params);
            sb.append(')');
        }
    }
}
