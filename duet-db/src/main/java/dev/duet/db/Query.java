package dev.duet.db;

import dev.duet.db.SelectSql.Order;
import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.RowReader;
import dev.duet.db.internal.TableMapping;

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
 * thread (see {@link QueryOperations}, where each is documented beside its twin, and {@link Table}),
 * or, for the calls that send one statement, on the event loop with {@code duet-db-loop}.
 */
public final class Query<T> implements QueryOperations<T> {
    final Table<T> table;
    final Q where;
    final List<Order> order;
    final Integer limit;
    final Integer offset;

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

    @Override
    public Database database() {
        return table.db;
    }

    // ---- building ----

    /** Rows that also match {@code q}. */
    public Query<T> where(Q q) {
        Where.check(q, table);
        return new Query<>(table, where == null ? q : Q.and(where, q), order, limit, offset);
    }

    /** Rows whose {@code field} equals {@code value} (is null, if {@code value} is). */
    public Query<T> where(String field, Object value) {
        return where(Q.eq(field, value));
    }

    /** Rows that match this query's condition or {@code q}. */
    public Query<T> or(Q q) {
        Where.check(q, table);
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

    /** This query with condition {@code q} in place of its own. */
    Query<T> withWhere(Q q) {
        return new Query<>(table, q, order, limit, offset);
    }

    /**
     * One field of the matching rows, not run: a subquery for {@link Q#in(String, Subquery)}, sent
     * inside the outer query's statement. Its order does not matter (IN has none); a limit or
     * offset is refused, as MySQL and MariaDB cannot run one in an IN subquery.
     */
    public Subquery column(String field) {
        Col col = model().column(field);
        if (limit != null || offset != null) {
            throw new IllegalStateException("column() makes a subquery for in(), which cannot have a limit or offset"
                    + " (MySQL and MariaDB refuse LIMIT in IN (SELECT …)); filter with where()");
        }
        return new Subquery(this, col);
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

    /** The SELECT this query runs (for logs and tests); parameters are {@code ?}. */
    public String toSql() {
        StringBuilder sql = new StringBuilder(table.mapping.selectSql.length() + 64);
        SelectSql.compose(this, SelectSql.ALL, sql, new ArrayList<>());
        return sql.toString();
    }

    // ---- rows ----

    @Override
    public List<T> all() {
        return select(SelectSql.ALL, table.mapping.readingRows, table.mapping::read);
    }

    @Override
    public CompletionStage<List<T>> allAsync() {
        return selectAsync(SelectSql.ALL, table.mapping.readingRows, table.mapping::read);
    }

    @Override
    public Optional<T> first() {
        return firstOf(select(SelectSql.FIRST, table.mapping.readingOne, table.mapping::read));
    }

    @Override
    public CompletionStage<Optional<T>> firstAsync() {
        return Engine.then(selectAsync(SelectSql.FIRST, table.mapping.readingOne, table.mapping::read), Query::firstOf);
    }

    @Override
    public Optional<T> find() {
        return onlyOf(select(SelectSql.FIND, table.mapping.readingOne, table.mapping::read));
    }

    @Override
    public CompletionStage<Optional<T>> findAsync() {
        return Engine.then(selectAsync(SelectSql.FIND, table.mapping.readingOne, table.mapping::read), this::onlyOf);
    }

    @Override
    public T one() {
        return found(find());
    }

    @Override
    public CompletionStage<T> oneAsync() {
        return Engine.then(selectAsync(SelectSql.FIND, table.mapping.readingOne, table.mapping::read), rows -> found(onlyOf(rows)));
    }

    @Override
    public long count() {
        return select(SelectSql.COUNT, counting(), COUNT).getFirst();
    }

    @Override
    public CompletionStage<Long> countAsync() {
        return Engine.then(selectAsync(SelectSql.COUNT, counting(), COUNT), List::getFirst);
    }

    @Override
    public boolean exists() {
        return !select(SelectSql.EXISTS, lookingFor(), ONE).isEmpty();
    }

    @Override
    public CompletionStage<Boolean> existsAsync() {
        return Engine.then(selectAsync(SelectSql.EXISTS, lookingFor(), ONE), rows -> !rows.isEmpty());
    }

    private static final RowReader<Long> COUNT = rs -> rs.getLong(1);
    private static final RowReader<Integer> ONE = rs -> 1;

    /** Runs this query's SELECT of {@code kind} and reads each row with {@code reader}. */
    private <R> List<R> select(int kind, String what, RowReader<R> reader) {
        List<Param> params = new ArrayList<>();
        String sql = SelectSql.sql(this, kind, params);
        return engine().run(false, table.mapping, what, c -> engine().statements.query(c, sql, params, reader));
    }

    /** {@link #select}'s async twin: on the calling event loop where the engine can (see {@link Engine#queryAsync}). */
    private <R> CompletionStage<List<R>> selectAsync(int kind, String what, RowReader<R> reader) {
        List<Param> params = new ArrayList<>();
        return Engine.twin(() -> engine().queryAsync(table.mapping, what, null, SelectSql.sql(this, kind, params), params, reader));
    }

    /** The first of {@code rows}, if any. */
    static <R> Optional<R> firstOf(List<R> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private Optional<T> onlyOf(List<T> rows) {
        if (rows.size() > 1) {
            throw new DbException("Expected at most one " + model().name + " matching " + where + ", found several");
        }
        return firstOf(rows);
    }

    private T found(Optional<T> row) {
        return row.orElseThrow(() -> new NotFound(model().name + " not found", model().type, null));
    }

    private String counting() {
        return "counting " + model().name + " rows";
    }

    private String lookingFor() {
        return "looking for a " + model().name;
    }

    @Override
    public Page<T> page(int number, int size) {
        if (number < 1) throw new IllegalArgumentException("page numbers start at 1, got " + number);
        if (size < 1) throw new IllegalArgumentException("page size must be >= 1, got " + size);
        if (limit != null || offset != null) throw new IllegalStateException("page() sets limit and offset itself");
        long skip = (long) (number - 1) * size;
        if (skip > Integer.MAX_VALUE) throw new IllegalArgumentException("page " + number + " is too far");
        Query<T> ordered = order.isEmpty() ? new Query<>(table, where, List.of(new Order(model().id, false)), limit, offset) : this;
        Query<T> slice = ordered.limit(size).offset((int) skip);
        long total = count();
        List<T> items = skip >= total ? List.of() : slice.all();
        return new Page<>(items, number, size, total);
    }

    // ---- columns ----

    @Override
    public List<Map<String, Object>> values(String... fields) {
        List<Col> cols = new ArrayList<>();
        if (fields.length == 0) cols.addAll(model().columns);
        for (String f : fields) cols.add(model().column(f));
        return select(cols, "", "", false, "reading " + model().name + " values", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) row.put(cols.get(i).field, engine().codec.read(rs, i + 1, cols.get(i)));
            return row;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> List<V> pluck(String field) {
        Col col = model().column(field);
        return select(List.of(col), "", "", false, "reading " + model().name + "." + col.field,
                rs -> (V) engine().codec.read(rs, 1, col));
    }

    /** Runs {@code SELECT before col after, …} over the matching rows ({@code whole}: ignoring order, limit and offset). */
    private <R> List<R> select(List<Col> cols, String before, String after, boolean whole, String what, RowReader<R> reader) {
        List<Param> params = new ArrayList<>();
        String sql = SelectSql.columns(this, cols, before, after, whole, params);
        return engine().run(false, table.mapping, what, c -> engine().statements.query(c, sql, params, reader));
    }

    // ---- groups ----

    /**
     * The matching rows in groups of equal {@code fields}, for an aggregate per group in one
     * statement: {@code posts.query().groupBy("authorId").count()}. The groups come ordered by
     * {@code fields}; a query with {@code orderBy}, {@code limit} or {@code offset} is refused.
     */
    public Grouped<T> groupBy(String... fields) {
        if (fields.length == 0) throw new IllegalArgumentException("groupBy() needs at least one field");
        if (!order.isEmpty() || limit != null || offset != null) {
            throw new IllegalStateException("groupBy() groups every matching row and orders the groups by the grouped fields;"
                    + " call it on a query without orderBy, limit or offset");
        }
        List<Col> by = new ArrayList<>();
        for (String f : fields) by.add(model().column(f));
        return new Grouped<>(this, List.copyOf(by));
    }

    @Override
    public <K> Map<K, Long> countBy(String field) {
        return groupBy(field).counts();
    }

    // ---- aggregates (over the matching rows; order, limit and offset do not apply) ----

    @Override
    public Number sum(String field) {
        Col col = numeric(model(), field, "sum");
        return select(List.of(col), "SUM(", ")", true, "computing SUM(" + col.field + ") of " + model().name,
                rs -> Grouped.sum(rs, 1, col)).getFirst();
    }

    @Override
    public OptionalDouble avg(String field) {
        Col col = numeric(model(), field, "avg");
        Object v = aggregate("AVG", col, rs -> rs.getDouble(1));
        return v == null ? OptionalDouble.empty() : OptionalDouble.of((Double) v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Optional<V> min(String field) {
        Col col = model().column(field);
        return Optional.ofNullable((V) aggregate("MIN", col, rs -> engine().codec.read(rs, 1, col)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Optional<V> max(String field) {
        Col col = model().column(field);
        return Optional.ofNullable((V) aggregate("MAX", col, rs -> engine().codec.read(rs, 1, col)));
    }

    /** {@code field} of {@code model}, which must be numeric for {@code fn}. */
    static Col numeric(ModelInfo<?> model, String field, String fn) {
        Col col = model.column(field);
        if (col.type != ColumnType.INT && col.type != ColumnType.LONG && col.type != ColumnType.DOUBLE && col.type != ColumnType.DECIMAL) {
            throw new IllegalArgumentException(fn + "() needs a numeric field; '" + col.field + "' is a " + col.javaType.getSimpleName());
        }
        return col;
    }

    private Object aggregate(String fn, Col col, RowReader<?> reader) {
        return select(List.of(col), fn + "(", ")", true, "computing " + fn + "(" + col.field + ") of " + model().name, rs -> {
            Object v = reader.read(rs);
            return rs.wasNull() ? Optional.empty() : Optional.ofNullable(v);
        }).getFirst().orElse(null);
    }

    // ---- writes ----

    @Override
    public int update(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, value);
        return update(m);
    }

    @Override
    public int update(Map<String, ?> values) {
        Write w = updating(values);
        return engine().run(true, table.mapping, w.what, c -> engine().statements.update(c, w.sql, w.params));
    }

    @Override
    public CompletionStage<Integer> updateAsync(Map<String, ?> values) {
        return Engine.twin(() -> {
            Write w = updating(values);
            return engine().updateAsync(table.mapping, w.what, null, w.sql, w.params);
        });
    }

    @Override
    public CompletionStage<Integer> updateAsync(String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(field, value);
        return updateAsync(m);
    }

    @Override
    public int delete() {
        Write w = deleting();
        return engine().run(true, table.mapping, w.what, c -> engine().statements.update(c, w.sql, w.params));
    }

    @Override
    public CompletionStage<Integer> deleteAsync() {
        return Engine.twin(() -> {
            Write w = deleting();
            return engine().updateAsync(table.mapping, w.what, null, w.sql, w.params);
        });
    }

    /** An UPDATE or DELETE of the matching rows, and what it is doing (for its errors). */
    private record Write(String sql, List<Param> params, String what) {
    }

    private Write updating(Map<String, ?> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("update() got no fields to set");
        if (limit != null || offset != null) throw new IllegalStateException("update() cannot honour limit/offset; filter with where()");
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.mapping.quotedTable).append(" SET ");
        List<Param> params = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Col col = model().column(e.getKey());
            if (col.id) throw new IllegalArgumentException("update() cannot change the id of " + model().name);
            if (i++ > 0) sql.append(", ");
            sql.append(table.mapping.quoted[col.index]).append(" = ?");
            params.add(new Param(col.normalize(e.getValue()), col.type));
        }
        SelectSql.where(this, sql, params);
        return new Write(sql.toString(), params, "updating " + model().name + " rows");
    }

    private Write deleting() {
        if (where == null) throw new IllegalStateException("delete() on a query without where() would delete every "
                + model().name + "; call deleteAll() on the table if that is what you mean");
        if (limit != null || offset != null) throw new IllegalStateException("delete() cannot honour limit/offset; filter with where()");
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(table.mapping.quotedTable);
        List<Param> params = new ArrayList<>();
        SelectSql.where(this, sql, params);
        return new Write(sql.toString(), params, "deleting " + model().name + " rows");
    }

    @Override
    public String toString() {
        return "Query[" + model().name + (where == null ? "" : " where " + where) + (order.isEmpty() ? "" : " order " + order)
                + (limit == null ? "" : " limit " + limit) + (offset == null ? "" : " offset " + offset) + "]";
    }
}
