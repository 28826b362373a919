package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.Where;
import dev.duet.db.internal.dialect.Dialect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;

/**
 * A query on one model, built fluently and run by a terminal call. Immutable: every builder call
 * returns a new query, so a query can be kept and reused. Field names are checked when the query
 * is built; every value is a bound parameter.
 *
 * <pre>{@code
 * Query<User> adults = users.where(ge("age", 18)).orderBy("name");
 * List<User> page = adults.limit(20).offset(40).all();
 * long n = adults.count();
 * List<String> emails = adults.pluck("email");
 * List<Map<String, Object>> rows = adults.values("id", "name", "email");
 * int renamed = users.where(eq("name", "old")).update("name", "new");
 * CompletionStage<List<User>> later = adults.allAsync();
 * }</pre>
 *
 * <p>Every terminal call has an async twin, {@code …Async}, running the same code on a virtual
 * thread (see {@link Table}).
 */
public final class Query<T> {
    private final Table<T> table;
    private final Q where;
    private final List<Order> order;
    private final Integer limit;
    private final Integer offset;

    private record Order(Col col, boolean desc) {
    }

    Query(Table<T> table) {
        this(table, null, List.of(), null, null);
    }

    private Query(Table<T> table, Q where, List<Order> order, Integer limit, Integer offset) {
        this.table = table;
        this.where = where;
        this.order = order;
        this.limit = limit;
        this.offset = offset;
    }

    private ModelInfo<T> model() {
        return table.model;
    }

    private Engine engine() {
        return table.engine;
    }

    // ---- building ----

    /** Rows that also match {@code q}. */
    public Query<T> where(Q q) {
        Where.check(q, model());
        return new Query<>(table, where == null ? q : Q.and(where, q), order, limit, offset);
    }

    /** Rows whose {@code field} equals {@code value} (is null, if {@code value} is). */
    public Query<T> where(String field, Object value) {
        return where(Q.eq(field, value));
    }

    /** Rows that match this query's condition or {@code q}. */
    public Query<T> or(Q q) {
        Where.check(q, model());
        return new Query<>(table, where == null ? q : Q.or(where, q), order, limit, offset);
    }

    /** Sorted by {@code fields}, in order; a leading {@code -} sorts that field descending: {@code orderBy("-createdAt", "id")}. */
    public Query<T> orderBy(String... fields) {
        List<Order> o = new ArrayList<>(order);
        for (String f : fields) {
            boolean desc = f.startsWith("-");
            o.add(new Order(model().column(desc ? f.substring(1) : f), desc));
        }
        return new Query<>(table, where, List.copyOf(o), limit, offset);
    }

    /** At most {@code n} rows. */
    public Query<T> limit(int n) {
        if (n < 0) throw new IllegalArgumentException("limit must be >= 0, got " + n);
        return new Query<>(table, where, order, n, offset);
    }

    /** Skips the first {@code n} rows. */
    public Query<T> offset(int n) {
        if (n < 0) throw new IllegalArgumentException("offset must be >= 0, got " + n);
        return new Query<>(table, where, order, limit, n);
    }

    // ---- SQL ----

    /** The terminal calls whose SQL is cached by shape. */
    private static final int ALL = 0, FIRST = 1, FIND = 2, COUNT = 3, EXISTS = 4;

    /**
     * What decides a query's SQL, its values aside: the call, the shape of the condition, the
     * order, and whether a limit and an offset are set. Equal shapes make identical SQL, so the SQL
     * is built once per shape and table (and the driver's prepared statement cache finds it too).
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

    /** The SQL of terminal call {@code kind}, from the table's cache if this shape was seen; its values go to {@code params}. */
    private String sql(int kind, List<Param> params) {
        Shape key = new Shape(kind, where, order, limit != null, offset == null ? 0 : offset == 0 ? 1 : 2);
        String sql = table.sqlCache.get(key);
        if (sql != null) {
            compose(kind, null, params);
            return sql;
        }
        StringBuilder sb = new StringBuilder(table.selectSql.length() + 64);
        compose(kind, sb, params);
        sql = sb.toString();
        if (table.sqlCache.size() < Table.SQL_CACHE_LIMIT) {
            table.sqlCache.putIfAbsent(new Shape(kind, Where.strip(where), order, key.limit, key.offset), sql);
        }
        return sql;
    }

    /** Builds the SQL of terminal call {@code kind} into {@code sql} (unless null) and its values into {@code params}, in one walk. */
    private void compose(int kind, StringBuilder sql, List<Param> params) {
        Dialect d = engine().dialect;
        switch (kind) {
            case ALL -> {
                append(sql, table.selectSql);
                appendWhere(sql, params);
                appendOrder(sql, false);
                d.limitOffset(sql, params, limit, offset);
            }
            case FIRST -> {
                append(sql, table.selectSql);
                appendWhere(sql, params);
                appendOrder(sql, true);
                d.limitOffset(sql, params, limit == null ? 1 : Math.min(limit, 1), offset);
            }
            case FIND -> {
                append(sql, table.selectSql);
                appendWhere(sql, params);
                d.limitOffset(sql, params, 2, null);
            }
            case COUNT -> {
                if (limit == null && offset == null) {
                    append(sql, "SELECT COUNT(*) FROM ");
                    append(sql, table.quotedTable);
                    appendWhere(sql, params);
                } else {
                    append(sql, "SELECT COUNT(*) FROM (SELECT 1 AS x FROM ");
                    append(sql, table.quotedTable);
                    appendWhere(sql, params);
                    d.limitOffset(sql, params, limit, offset);
                    append(sql, ") counted");
                }
            }
            case EXISTS -> {
                append(sql, "SELECT 1 FROM ");
                append(sql, table.quotedTable);
                appendWhere(sql, params);
                d.limitOffset(sql, params, 1, offset);
            }
            default -> throw new IllegalStateException("kind " + kind);
        }
    }

    private static void append(StringBuilder sql, String text) {
        if (sql != null) sql.append(text);
    }

    private void appendWhere(StringBuilder sql, List<Param> params) {
        if (where == null) return;
        append(sql, " WHERE ");
        Where.sql(where, model(), table.quoted, sql, params);
    }

    private void appendOrder(StringBuilder sql, boolean defaultById) {
        if (sql == null) return;
        List<Order> o = order;
        if (o.isEmpty() && defaultById) o = List.of(new Order(model().id, false));
        for (int i = 0; i < o.size(); i++) {
            sql.append(i == 0 ? " ORDER BY " : ", ").append(table.quoted[o.get(i).col().index]);
            if (o.get(i).desc()) sql.append(" DESC");
        }
    }

    /** The SELECT this query runs (for logs and tests); parameters are {@code ?}. */
    public String toSql() {
        StringBuilder sql = new StringBuilder(table.selectSql.length() + 64);
        compose(ALL, sql, new ArrayList<>());
        return sql.toString();
    }

    // ---- rows ----

    /** The matching rows. Without {@link #orderBy} their order is the database's. */
    public List<T> all() {
        List<Param> params = new ArrayList<>();
        String sql = sql(ALL, params);
        return engine().run(false, model(), table.readingRows, c -> engine().statements.query(c, sql, params, table::read));
    }

    public CompletionStage<List<T>> allAsync() {
        return engine().async(this::all);
    }

    /** The first matching row (by id unless ordered otherwise), if any. */
    public Optional<T> first() {
        List<Param> params = new ArrayList<>();
        String sql = sql(FIRST, params);
        List<T> rows = engine().run(false, model(), table.readingOne, c -> engine().statements.query(c, sql, params, table::read));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public CompletionStage<Optional<T>> firstAsync() {
        return engine().async(this::first);
    }

    /** The one matching row, if any; fails with a {@link DbException} if several match. */
    public Optional<T> find() {
        List<Param> params = new ArrayList<>();
        String sql = sql(FIND, params);
        List<T> rows = engine().run(false, model(), table.readingOne, c -> engine().statements.query(c, sql, params, table::read));
        if (rows.size() > 1) {
            throw new DbException("Expected at most one " + model().name + " matching " + where + ", found several");
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public CompletionStage<Optional<T>> findAsync() {
        return engine().async(this::find);
    }

    /** The one matching row; {@link NotFound} if none, a {@link DbException} if several. */
    public T one() {
        return find().orElseThrow(() -> new NotFound(model().name + " not found", model().type, null));
    }

    public CompletionStage<T> oneAsync() {
        return engine().async(this::one);
    }

    /** How many rows match (within {@link #limit}/{@link #offset}, if set). */
    public long count() {
        List<Param> params = new ArrayList<>();
        String sql = sql(COUNT, params);
        return engine().run(false, model(), "counting " + model().name + " rows",
                c -> engine().statements.query(c, sql, params, rs -> rs.getLong(1))).getFirst();
    }

    public CompletionStage<Long> countAsync() {
        return engine().async(this::count);
    }

    /** Whether any row matches. */
    public boolean exists() {
        List<Param> params = new ArrayList<>();
        String sql = sql(EXISTS, params);
        return !engine().run(false, model(), "looking for a " + model().name,
                c -> engine().statements.query(c, sql, params, rs -> 1)).isEmpty();
    }

    public CompletionStage<Boolean> existsAsync() {
        return engine().async(this::exists);
    }

    /** A page of the matching rows (numbered from 1, ordered by id unless ordered otherwise), with the total count. */
    public Page<T> page(int number, int size) {
        if (number < 1) throw new IllegalArgumentException("page numbers start at 1, got " + number);
        if (size < 1) throw new IllegalArgumentException("page size must be >= 1, got " + size);
        if (limit != null || offset != null) throw new IllegalStateException("page() sets limit and offset itself");
        long skip = (long) (number - 1) * size;
        if (skip > Integer.MAX_VALUE) throw new IllegalArgumentException("page " + number + " is too far");
        Query<T> slice = orderedOrById().limit(size).offset((int) skip);
        long total = count();
        List<T> items = skip >= total ? List.of() : slice.all();
        return new Page<>(items, number, size, total);
    }

    public CompletionStage<Page<T>> pageAsync(int number, int size) {
        return engine().async(() -> page(number, size));
    }

    private Query<T> orderedOrById() {
        return order.isEmpty() ? new Query<>(table, where, List.of(new Order(model().id, false)), limit, offset) : this;
    }

    // ---- columns ----

    /** Only {@code fields} of the matching rows, as maps from field name to value (all fields if none named). */
    public List<Map<String, Object>> values(String... fields) {
        List<Col> cols = new ArrayList<>();
        if (fields.length == 0) cols.addAll(model().columns);
        for (String f : fields) cols.add(model().column(f));
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) sql.append(", ");
            sql.append(table.quoted[cols.get(i).index]);
        }
        sql.append(" FROM ").append(table.quotedTable);
        List<Param> params = new ArrayList<>();
        appendWhere(sql, params);
        appendOrder(sql, false);
        engine().dialect.limitOffset(sql, params, limit, offset);
        return engine().run(false, model(), "reading " + model().name + " values", c -> engine().statements.query(c, sql.toString(), params, rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) row.put(cols.get(i).field, engine().codec.read(rs, i + 1, cols.get(i)));
            return row;
        }));
    }

    public CompletionStage<List<Map<String, Object>>> valuesAsync(String... fields) {
        return engine().async(() -> values(fields));
    }

    /** One field of the matching rows, as the field's Java type (boxed): {@code List<String> emails = q.pluck("email")}. */
    @SuppressWarnings("unchecked")
    public <V> List<V> pluck(String field) {
        Col col = model().column(field);
        StringBuilder sql = new StringBuilder("SELECT ").append(table.quoted[col.index]).append(" FROM ").append(table.quotedTable);
        List<Param> params = new ArrayList<>();
        appendWhere(sql, params);
        appendOrder(sql, false);
        engine().dialect.limitOffset(sql, params, limit, offset);
        return engine().run(false, model(), "reading " + model().name + "." + col.field,
                c -> engine().statements.query(c, sql.toString(), params, rs -> (V) engine().codec.read(rs, 1, col)));
    }

    public <V> CompletionStage<List<V>> pluckAsync(String field) {
        return engine().async(() -> pluck(field));
    }

    // ---- aggregates (over the matching rows; order, limit and offset do not apply) ----

    /** The sum of a numeric field: a {@code Long} for int/long fields, {@code Double} for double, {@code BigDecimal} for decimals; 0 if no rows. */
    public Number sum(String field) {
        Col col = numeric(field, "sum");
        Object v = aggregate("SUM", col, rs -> switch (col.type) {
            case INT, LONG -> rs.getLong(1);
            case DOUBLE -> rs.getDouble(1);
            default -> {
                BigDecimal d = rs.getBigDecimal(1);
                yield d == null ? null : d.setScale(col.scale, RoundingMode.HALF_UP);
            }
        });
        if (v != null) return (Number) v;
        return switch (col.type) {
            case INT, LONG -> 0L;
            case DOUBLE -> 0.0;
            default -> BigDecimal.ZERO.setScale(col.scale);
        };
    }

    public CompletionStage<Number> sumAsync(String field) {
        return engine().async(() -> sum(field));
    }

    /** The average of a numeric field; empty if no rows. */
    public OptionalDouble avg(String field) {
        Col col = numeric(field, "avg");
        Object v = aggregate("AVG", col, rs -> rs.getDouble(1));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of((Double) v);
    }

    public CompletionStage<OptionalDouble> avgAsync(String field) {
        return engine().async(() -> avg(field));
    }

    /** The smallest value of a field, as its Java type; empty if no rows (or all null). */
    @SuppressWarnings("unchecked")
    public <V> Optional<V> min(String field) {
        Col col = model().column(field);
        return Optional.ofNullable((V) aggregate("MIN", col, rs -> engine().codec.read(rs, 1, col)));
    }

    public <V> CompletionStage<Optional<V>> minAsync(String field) {
        return engine().async(() -> min(field));
    }

    /** The largest value of a field, as its Java type; empty if no rows (or all null). */
    @SuppressWarnings("unchecked")
    public <V> Optional<V> max(String field) {
        Col col = model().column(field);
        return Optional.ofNullable((V) aggregate("MAX", col, rs -> engine().codec.read(rs, 1, col)));
    }

    public <V> CompletionStage<Optional<V>> maxAsync(String field) {
        return engine().async(() -> max(field));
    }

    private Col numeric(String field, String fn) {
        Col col = model().column(field);
        if (col.type != ColumnType.INT && col.type != ColumnType.LONG && col.type != ColumnType.DOUBLE && col.type != ColumnType.DECIMAL) {
            throw new IllegalArgumentException(fn + "() needs a numeric field; '" + col.field + "' is a " + col.javaType.getSimpleName());
        }
        return col;
    }

    private interface Reader {
        Object read(ResultSet rs) throws java.sql.SQLException;
    }

    private Object aggregate(String fn, Col col, Reader reader) {
        StringBuilder sql = new StringBuilder("SELECT ").append(fn).append('(').append(table.quoted[col.index])
                .append(") FROM ").append(table.quotedTable);
        List<Param> params = new ArrayList<>();
        appendWhere(sql, params);
        return engine().run(false, model(), "computing " + fn + "(" + col.field + ") of " + model().name, c ->
                engine().statements.query(c, sql.toString(), params, rs -> {
                    Object v = reader.read(rs);
                    return rs.wasNull() ? Optional.empty() : Optional.ofNullable(v);
                }).getFirst()).orElse(null);
    }

    // ---- writes ----

    /** Sets {@code field} to {@code value} on every matching row; returns how many rows matched. */
    public int update(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, value);
        return update(m);
    }

    public CompletionStage<Integer> updateAsync(String field, Object value) {
        return engine().async(() -> update(field, value));
    }

    /** Sets the fields in {@code values} on every matching row; returns how many rows matched. */
    public int update(Map<String, ?> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("update() got no fields to set");
        if (limit != null || offset != null) throw new IllegalStateException("update() cannot honour limit/offset; filter with where()");
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.quotedTable).append(" SET ");
        List<Param> params = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Col col = model().column(e.getKey());
            if (col.id) throw new IllegalArgumentException("update() cannot change the id of " + model().name);
            if (i++ > 0) sql.append(", ");
            sql.append(table.quoted[col.index]).append(" = ?");
            params.add(new Param(col.normalize(e.getValue()), col.type));
        }
        appendWhere(sql, params);
        return engine().run(true, model(), "updating " + model().name + " rows", c -> engine().statements.update(c, sql.toString(), params));
    }

    public CompletionStage<Integer> updateAsync(Map<String, ?> values) {
        return engine().async(() -> update(values));
    }

    /**
     * Deletes every matching row; returns how many. Refuses a query without {@code where} (use
     * {@link Table#deleteAll()} to mean it).
     */
    public int delete() {
        if (where == null) throw new IllegalStateException("delete() on a query without where() would delete every "
                + model().name + "; call deleteAll() on the table if that is what you mean");
        if (limit != null || offset != null) throw new IllegalStateException("delete() cannot honour limit/offset; filter with where()");
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.quotedTable);
        List<Param> params = new ArrayList<>();
        appendWhere(sql, params);
        return engine().run(true, model(), "deleting " + model().name + " rows", c -> engine().statements.update(c, sql.toString(), params));
    }

    public CompletionStage<Integer> deleteAsync() {
        return engine().async(this::delete);
    }

    @Override
    public String toString() {
        return "Query[" + model().name + (where == null ? "" : " where " + where) + (order.isEmpty() ? "" : " order " + order)
                + (limit == null ? "" : " limit " + limit) + (offset == null ? "" : " offset " + offset) + "]";
    }
}
