package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.Columns;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.RowReader;
import dev.duet.db.internal.TableMapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a query in groups, for aggregates per group in one statement: made by
 * {@link Query#groupBy}. Immutable; each aggregate runs one {@code GROUP BY} query over the
 * query's matching rows (see {@link GroupedOperations}).
 *
 * <pre>{@code
 * List<Map<String, Object>> perAuthor = posts.where(eq("status", PUBLISHED)).groupBy("authorId").count();
 * // [{authorId=1, count=3}, {authorId=2, count=1}]
 * List<Map<String, Object>> stock = items.query().groupBy("warehouse", "status").sum("quantity");
 * // [{warehouse=A, status=DRAFT, sum=12}, …]
 * }</pre>
 * For one grouped field, {@link Query#countBy} gives a map from value to count.
 */
public final class Grouped<T> implements GroupedOperations<T> {
    private final Query<T> query;
    private final List<Col> by;

    Grouped(Query<T> query, List<Col> by) {
        this.query = query;
        this.by = by;
    }

    @Override
    public Database database() {
        return query.table.db;
    }

    @Override
    public List<Map<String, Object>> count() {
        return aggregate("count", "COUNT(*)", null, (rs, i) -> rs.getLong(i));
    }

    @Override
    public List<Map<String, Object>> sum(String field) {
        Col col = Query.numeric(query.table.model, field, "sum");
        return aggregate("sum", "SUM(", col, (rs, i) -> sum(rs, i, col));
    }

    @Override
    public List<Map<String, Object>> avg(String field) {
        Col col = Query.numeric(query.table.model, field, "avg");
        return aggregate("avg", "AVG(", col, (rs, i) -> {
            double v = rs.getDouble(i);
            return rs.wasNull() ? null : v;
        });
    }

    @Override
    public List<Map<String, Object>> min(String field) {
        Col col = query.table.model.column(field);
        return aggregate("min", "MIN(", col, (rs, i) -> query.table.engine.codec.read(rs, i, col));
    }

    @Override
    public List<Map<String, Object>> max(String field) {
        Col col = query.table.model.column(field);
        return aggregate("max", "MAX(", col, (rs, i) -> query.table.engine.codec.read(rs, i, col));
    }

    /** Reads the aggregate in column {@code i}. */
    private interface Value {
        Object read(Columns rs, int i) throws SQLException;
    }

    /**
     * {@code SELECT <grouped>, fn FROM … WHERE … GROUP BY <grouped> ORDER BY <grouped>}, each row a
     * map of the grouped fields and the aggregate under {@code name}.
     */
    private List<Map<String, Object>> aggregate(String name, String fn, Col of, Value value) {
        for (Col c : by) {
            if (c.field.equals(name)) {
                throw new IllegalArgumentException("groupBy(\"" + name + "\") would clash with the aggregate's own key '" + name
                        + "' in each row; use values() and your own grouping, or rename the field");
            }
        }
        int n = by.size();
        return run(name, fn, of, rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) row.put(by.get(i).field, query.table.engine.codec.read(rs, i + 1, by.get(i)));
            row.put(name, value.read(rs, n + 1));
            return row;
        });
    }

    /** How many rows each value of the one grouped field has, in the field's order: {@link Query#countBy}. */
    @SuppressWarnings("unchecked")
    <K> Map<K, Long> counts() {
        Col key = by.getFirst();
        Map<K, Long> out = new LinkedHashMap<>();
        run("count", "COUNT(*)", null, rs -> out.put((K) query.table.engine.codec.read(rs, 1, key), rs.getLong(2)));
        return out;
    }

    /** Runs the grouped query with aggregate {@code fn} (of column {@code of}, unless null), reading each row with {@code reader}. */
    private <R> List<R> run(String name, String fn, Col of, RowReader<R> reader) {
        TableMapping<T> m = query.table.mapping;
        StringBuilder groups = new StringBuilder();
        for (Col c : by) groups.append(groups.isEmpty() ? "" : ", ").append(m.quoted[c.index]);
        StringBuilder sql = new StringBuilder("SELECT ").append(groups).append(", ").append(fn);
        if (of != null) sql.append(m.quoted[of.index]).append(')');
        sql.append(" FROM ").append(m.quotedTable);
        List<Param> params = new ArrayList<>();
        SelectSql.where(query, sql, params);
        sql.append(" GROUP BY ").append(groups).append(" ORDER BY ").append(groups);
        String what = "computing " + name + " per " + by + " of " + query.table.model.name;
        String text = sql.toString();
        return query.table.engine.run(false, query.table.mapping, what,
                c -> query.table.engine.statements.query(c, text, params, reader));
    }

    /** A SUM of {@code col} in column {@code i}, as its type: Long, Double or BigDecimal to its scale; 0 for SQL NULL. */
    static Number sum(Columns rs, int i, Col col) throws SQLException {
        Number v = switch (col.type) {
            case INT, LONG -> rs.getLong(i);
            case DOUBLE -> rs.getDouble(i);
            default -> {
                BigDecimal d = rs.getBigDecimal(i);
                yield d == null ? null : d.setScale(col.scale, RoundingMode.HALF_UP);
            }
        };
        if (v != null && !rs.wasNull()) return v;
        return switch (col.type) {
            case INT, LONG -> 0L;
            case DOUBLE -> 0.0;
            default -> BigDecimal.ZERO.setScale(col.scale);
        };
    }

    @Override
    public String toString() {
        return "Grouped[" + query + " by " + by + "]";
    }
}
