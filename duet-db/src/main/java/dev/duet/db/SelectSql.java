package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.TableMapping;
import dev.duet.db.internal.dialect.Dialect;

import java.util.List;

/**
 * The SQL a {@link Query} sends. The SQL of the row and count queries is built once per
 * <em>shape</em> (see {@link Shape}) and table, and their values are bound by walking the
 * condition again, so asking the same query with other values builds no SQL (and the driver's
 * prepared statement cache finds the identical text).
 */
final class SelectSql {
    /** The terminal calls whose SQL is cached by shape. */
    static final int ALL = 0, FIRST = 1, FIND = 2, COUNT = 3, EXISTS = 4;

    private SelectSql() {
    }

    /** A sort key of a query. */
    record Order(Col col, boolean desc) {
    }

    /**
     * What decides a query's SQL, its values aside: the call, the shape of the condition, the
     * order, and whether a limit and an offset are set. Equal shapes make identical SQL.
     */
    private static final class Shape {
        final int kind;
        final Q where;
        final List<Order> order;
        final boolean limit;
        /** 0: no offset; 1: an offset of 0 (no OFFSET clause, but count() wraps); 2: a positive offset. */
        final int offset;
        final int hash;

        Shape(int kind, Q where, List<Order> order, boolean limit, int offset) {
            this.kind = kind;
            this.where = where;
            this.order = order;
            this.limit = limit;
            this.offset = offset;
            this.hash = ((kind * 31 + Where.shapeHash(where)) * 31 + order.hashCode()) * 6 + (limit ? 3 : 0) + offset;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Shape s && s.hash == hash && s.kind == kind && s.limit == limit && s.offset == offset
                    && s.order.equals(order) && Where.sameShape(s.where, where);
        }

        @Override
        public String toString() {
            return "Shape[" + kind + ", " + where + ", " + order + (limit ? ", limit" : "") + (offset > 0 ? ", offset" : "") + "]";
        }
    }

    /** The SQL of terminal call {@code kind} of {@code q}, from the table's cache if this shape was seen; its values go to {@code params}. */
    static String sql(Query<?> q, int kind, List<Param> params) {
        TableMapping<?> m = q.table.mapping;
        Shape key = new Shape(kind, q.where, q.order, q.limit != null, q.offset == null ? 0 : q.offset == 0 ? 1 : 2);
        String sql = m.sqlCache.get(key);
        if (sql != null) {
            compose(q, kind, null, params);
            return sql;
        }
        StringBuilder sb = new StringBuilder(m.selectSql.length() + 64);
        compose(q, kind, sb, params);
        sql = sb.toString();
        if (m.sqlCache.size() < TableMapping.SQL_CACHE_LIMIT) {
            m.sqlCache.putIfAbsent(new Shape(kind, Where.strip(q.where), q.order, key.limit, key.offset), sql);
        }
        return sql;
    }

    /** Builds the SQL of terminal call {@code kind} into {@code sql} (unless null) and its values into {@code params}, in one walk. */
    static void compose(Query<?> q, int kind, StringBuilder sql, List<Param> params) {
        TableMapping<?> m = q.table.mapping;
        Dialect d = q.table.engine.dialect;
        switch (kind) {
            case ALL -> {
                append(sql, m.selectSql);
                where(q, sql, params);
                orderBy(q, sql, false);
                d.limitOffset(sql, params, q.limit, q.offset);
            }
            case FIRST -> {
                append(sql, m.selectSql);
                where(q, sql, params);
                orderBy(q, sql, true);
                d.limitOffset(sql, params, q.limit == null ? 1 : Math.min(q.limit, 1), q.offset);
            }
            case FIND -> {
                append(sql, m.selectSql);
                where(q, sql, params);
                d.limitOffset(sql, params, 2, null);
            }
            case COUNT -> {
                if (q.limit == null && q.offset == null) {
                    append(sql, "SELECT COUNT(*) FROM ");
                    append(sql, m.quotedTable);
                    where(q, sql, params);
                } else {
                    append(sql, "SELECT COUNT(*) FROM (SELECT 1 AS x FROM ");
                    append(sql, m.quotedTable);
                    where(q, sql, params);
                    d.limitOffset(sql, params, q.limit, q.offset);
                    append(sql, ") counted");
                }
            }
            case EXISTS -> {
                append(sql, "SELECT 1 FROM ");
                append(sql, m.quotedTable);
                where(q, sql, params);
                d.limitOffset(sql, params, 1, q.offset);
            }
            default -> throw new IllegalStateException("kind " + kind);
        }
    }

    /**
     * {@code SELECT <columns> FROM <table>} and the query's condition, order, limit and offset
     * (unless {@code whole}: the condition only, as aggregates over every matching row want).
     */
    static String columns(Query<?> q, List<Col> cols, String before, String after, boolean whole, List<Param> params) {
        TableMapping<?> m = q.table.mapping;
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append(before).append(m.quoted[cols.get(i).index]).append(after);
        }
        sql.append(" FROM ").append(m.quotedTable);
        where(q, sql, params);
        if (!whole) {
            orderBy(q, sql, false);
            q.table.engine.dialect.limitOffset(sql, params, q.limit, q.offset);
        }
        return sql.toString();
    }

    private static void append(StringBuilder sql, String text) {
        if (sql != null) sql.append(text);
    }

    /** Appends {@code WHERE} and the query's condition (its values to {@code params}), if it has one. */
    static void where(Query<?> q, StringBuilder sql, List<Param> params) {
        if (q.where == null) return;
        append(sql, " WHERE ");
        Where.sql(q.where, q.table.mapping, sql, params);
    }

    private static void orderBy(Query<?> q, StringBuilder sql, boolean defaultById) {
        if (sql == null) return;
        List<Order> o = q.order;
        if (o.isEmpty() && defaultById) o = List.of(new Order(q.table.model.id, false));
        for (int i = 0; i < o.size(); i++) {
            sql.append(i == 0 ? " ORDER BY " : ", ").append(q.table.mapping.quoted[o.get(i).col().index]);
            if (o.get(i).desc()) sql.append(" DESC");
        }
    }
}
