package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.SqlWork;
import dev.duet.db.internal.TableMapping;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static dev.duet.db.internal.TableMapping.params;

/**
 * The writes of a {@link Table} that take many rows, or more than one statement: insertAll,
 * createAll and updateAll (JDBC batches in one transaction; updateAll on PostgreSQL one statement,
 * all-or-nothing by itself), upsert (the write, then the row read
 * back), getOrCreate and updateOrCreate (a read, then a write, safe under races). Their documentation is on {@link TableOperations}.
 */
final class BulkWrites {
    private BulkWrites() {
    }

    static <T> List<T> updateAll(Table<T> table, Collection<? extends T> entities) {
        if (entities.isEmpty()) return List.of();
        UpdatePlan<T> plan = UpdatePlan.of(table, entities);
        try {
            if (plan.oneStatement == null) inBatches(table, plan.values);
            else inOneStatement(table, plan.oneStatement, plan.oneStatementParams(table), plan.values);
        } catch (ValueTooLong e) {
            throw table.mapping.namingTooLong(e, plan.values);
        }
        return plan.updated(table);
    }

    /**
     * The twin of {@link #updateAll}: its one statement handed to the engine as a single-statement
     * twin's (so it may run on the calling event loop); the batches, a caller's transaction, and
     * the rare statement that finds a row missing run {@code updateAll} itself, which says which
     * row or tries again if the row has come since.
     */
    static <T> CompletionStage<List<T>> updateAllAsync(Table<T> table, Collection<? extends T> entities) {
        if (entities.isEmpty()) return CompletableFuture.completedFuture(List.of());
        UpdatePlan<T> plan = UpdatePlan.of(table, entities);
        Engine engine = table.engine;
        if (plan.oneStatement == null || engine.inTransaction()) return table.database().async(() -> updateAll(table, entities));
        TableMapping<T> m = table.mapping;
        CompletableFuture<List<T>> out = new CompletableFuture<>();
        engine.writeReturningAsync(m, "updating rows of", table.model.name, plan.oneStatement, plan.oneStatementParams(table), rs -> null)
                .whenComplete((rows, e) -> {
                    Throwable cause = Engine.unwrapped(e);
                    if (cause == null) {
                        out.complete(plan.updated(table));
                    } else if (cause.getCause() instanceof SQLException s && engine.dialect.rowsWereMissing(s)) {
                        table.database().async(() -> updateAll(table, entities)).whenComplete((again, e2) -> {
                            if (e2 == null) out.complete(again);
                            else out.completeExceptionally(Engine.unwrapped(e2));
                        });
                    } else {
                        out.completeExceptionally(cause instanceof ValueTooLong tooLong ? m.namingTooLong(tooLong, plan.values) : cause);
                    }
                });
        return out;
    }

    /**
     * What an updateAll sends: each entity checked and its values prepared ({@code values}, in the
     * caller's order), and, where one statement can carry them, that statement and the rows it
     * writes ({@code distinct}: the last values of each id, in id order); else null for both.
     */
    private record UpdatePlan<T>(List<T> in, List<Object[]> values, List<Object[]> distinct, String oneStatement) {
        static <T> UpdatePlan<T> of(Table<T> table, Collection<? extends T> entities) {
            ModelInfo<T> model = table.model;
            TableMapping<T> m = table.mapping;
            Engine engine = table.engine;
            Col id = model.id;
            List<T> in = new ArrayList<>(entities.size());
            List<Object[]> values = new ArrayList<>(entities.size());
            for (T e : entities) {
                Object[] v = m.prepare(model.values(Objects.requireNonNull(e, "null entity in updateAll")), false);
                if (id.isUnset(v[id.index])) {
                    throw new IllegalArgumentException("updateAll() updates existing rows: the " + model.name + " at index "
                            + in.size() + " has no id (create it instead)");
                }
                in.add(e);
                values.add(v);
            }
            List<Object[]> distinct = m.updateRowsSql(1) == null || engine.maxRowsInOneUpdate == 0 ? null : lastOfEachId(id, values);
            String oneStatement = distinct == null || distinct.size() > engine.maxRowsInOneUpdate
                    || distinct.size() * (m.updateCols.size() + 1) > engine.dialect.maxParameters()
                    ? null : m.updateRowsSql(distinct.size());
            return new UpdatePlan<>(in, values, oneStatement == null ? null : distinct, oneStatement);
        }

        /** The one statement's parameters: for each distinct row, its id and then the columns it updates. */
        List<Param> oneStatementParams(Table<T> table) {
            Col id = table.model.id;
            List<Col> cols = table.mapping.updateCols;
            List<Param> params = new ArrayList<>(distinct.size() * (cols.size() + 1));
            for (Object[] v : distinct) {
                params.add(new Param(v[id.index], id.type));
                for (Col c : cols) params.add(new Param(v[c.index], c.type));
            }
            return params;
        }

        /** The entities as written: each caller's entity with its prepared values. */
        List<T> updated(Table<T> table) {
            List<T> out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) out.add(table.model.with(in.get(i), values.get(i)));
            return out;
        }
    }

    /** One UPDATE per row, in JDBC batches, in a transaction (a savepoint inside another): the first missing row undoes them all. */
    private static <T> void inBatches(Table<T> table, List<Object[]> values) {
        TableMapping<T> m = table.mapping;
        List<List<Param>> rows = new ArrayList<>(values.size());
        for (Object[] v : values) {
            List<Param> p = params(m.updateCols, v);
            p.add(new Param(v[table.model.id.index], table.model.id.type));
            rows.add(p);
        }
        table.db.transaction(() -> {
            int[] counts = m.updateSql == null ? null
                    : table.engine.run(true, m, "updating " + rows.size() + " " + table.model.name + " rows",
                            c -> table.engine.statements.batchCounts(c, m.updateSql, rows));
            failIfMissing(table, counts, values);
        });
    }

    /**
     * The rows (one per id, in {@code params}) in one statement that updates all of them or, if an
     * id has no row, none: atomic by itself, so it needs neither a transaction nor its COMMIT.
     */
    private static <T> void inOneStatement(Table<T> table, String sql, List<Param> params, List<Object[]> values) {
        Engine engine = table.engine;
        TableMapping<T> m = table.mapping;
        SqlWork<Boolean> update = c -> {
            try {
                engine.statements.query(c, sql, params, rs -> null);
                return true;
            } catch (SQLException e) {
                if (engine.dialect.rowsWereMissing(e)) return false;
                throw e;
            }
        };
        for (int attempt = 0; ; attempt++) {
            // Inside a transaction, a savepoint: on PostgreSQL the failed statement would otherwise abort the caller's transaction.
            boolean done = engine.inTransaction() ? inSavepoint(table, update) : engine.run(true, m, "updating rows of", table.model.name, update);
            if (done) return;
            failIfMissing(table, null, values);
            // Every row is there now: one was created after the statement looked. It is as if the call came now.
            if (attempt == 2) throw new DbException("updateAll of " + table.model.name + " found a row missing, yet each one exists");
        }
    }

    /** {@code update} in a savepoint, rolled back if it reports a row missing. */
    private static <T> boolean inSavepoint(Table<T> table, SqlWork<Boolean> update) {
        try {
            table.db.transaction(() -> {
                if (!table.engine.run(true, table.mapping, "updating rows of", table.model.name, update)) throw new RowsMissing();
            });
            return true;
        } catch (RowsMissing e) {
            return false;
        }
    }

    /** Leaves a savepoint whose statement found a row missing; caught right away. */
    private static final class RowsMissing extends RuntimeException {
        RowsMissing() {
            super(null, null, false, false);
        }
    }

    /**
     * The rows with distinct ids, each with the values of the last row with its id (as if each row
     * were written in turn: the last one wins), in id order.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Object[]> lastOfEachId(Col id, List<Object[]> values) {
        Map<Object, Integer> at = new HashMap<>(values.size() * 2);
        List<Object[]> out = new ArrayList<>(values.size());
        for (Object[] v : values) {
            Integer i = at.putIfAbsent(v[id.index], out.size());
            if (i == null) out.add(v);
            else out.set(i, v);
        }
        // In id order: the update locks rows in the order it reaches them, and concurrent calls
        // that lock their common rows in one order cannot deadlock each other.
        if (out.getFirst()[id.index] instanceof Comparable) out.sort(Comparator.comparing(v -> (Comparable) v[id.index]));
        return out;
    }

    /** {@link NotFound} for the {@link #firstMissing} row, if there is one. */
    private static <T> void failIfMissing(Table<T> table, int[] counts, List<Object[]> values) {
        Object missing = firstMissing(table, counts, values);
        if (missing != null) throw new NotFound(table.model.name + " " + missing + " not found", table.model.type, missing);
    }

    /**
     * The id of the first row an update batch found no row for, or null. Where the driver did not
     * say how many rows a statement changed (or there was nothing to change), the ids are looked
     * up, inside the same transaction.
     */
    private static <T> Object firstMissing(Table<T> table, int[] counts, List<Object[]> values) {
        Col id = table.model.id;
        List<Object> unknown = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            int n = counts == null ? Statement.SUCCESS_NO_INFO : counts[i];
            if (n == 0) return values.get(i)[id.index];
            if (n < 0) unknown.add(values.get(i)[id.index]);
        }
        if (unknown.isEmpty()) return null;
        Map<Object, T> found = table.findAll(unknown);
        for (Object key : unknown) {
            if (!found.containsKey(key)) return key;
        }
        return null;
    }

    static <T> int insertAll(Table<T> table, Collection<? extends T> entities) {
        if (entities.isEmpty()) return 0;
        ModelInfo<T> model = table.model;
        TableMapping<T> m = table.mapping;
        Engine engine = table.engine;
        List<List<Param>> generated = new ArrayList<>();
        List<List<Param>> explicit = new ArrayList<>();
        Col id = model.id;
        for (T e : entities) {
            Object[] v = m.prepare(model.values(Objects.requireNonNull(e, "null entity in insertAll")), true);
            if (id.generated && id.isUnset(v[id.index])) generated.add(params(m.insertCols, v));
            else explicit.add(params(model.columns, v));
        }
        return table.db.transaction(() -> engine.run(true, m, "inserting " + entities.size() + " " + model.name + " rows", c -> {
            int n = 0;
            if (!generated.isEmpty()) n += engine.statements.batch(c, m.insertSql, generated);
            if (!explicit.isEmpty()) n += engine.statements.batch(c, m.insertWithIdSql, explicit);
            return n;
        }));
    }

    static <T> List<T> createAll(Table<T> table, Collection<? extends T> entities) {
        if (entities.isEmpty()) return List.of();
        ModelInfo<T> model = table.model;
        TableMapping<T> m = table.mapping;
        Engine engine = table.engine;
        List<T> in = new ArrayList<>(entities.size());
        List<Object[]> values = new ArrayList<>(entities.size());
        List<List<Param>> generated = new ArrayList<>();
        List<List<Param>> explicit = new ArrayList<>();
        Col id = model.id;
        for (T e : entities) {
            Object[] v = m.prepare(model.values(Objects.requireNonNull(e, "null entity in createAll")), true);
            if (id.generated && id.isUnset(v[id.index])) {
                generated.add(params(m.insertCols, v));
            } else {
                if (v[id.index] == null) {
                    throw new IllegalArgumentException("the id of " + model.name + " (a " + id.javaType.getSimpleName()
                            + ") must be set before createAll()");
                }
                explicit.add(params(model.columns, v));
            }
            in.add(e);
            values.add(v);
        }
        List<Object> ids;
        try {
            ids = table.db.transaction(() -> engine.run(true, m, "inserting " + entities.size() + " " + model.name + " rows", c -> {
                List<Object> keys = generated.isEmpty() ? List.of()
                        : engine.statements.insertAll(c, m.insertSql, m.insertReturningSql, generated, id);
                if (!explicit.isEmpty()) engine.statements.batch(c, m.insertWithIdSql, explicit);
                return keys;
            }));
        } catch (ValueTooLong e) {
            throw m.namingTooLong(e, values);
        }
        List<T> out = new ArrayList<>(in.size());
        int next = 0;
        for (int i = 0; i < in.size(); i++) {
            Object[] v = values.get(i);
            if (id.generated && id.isUnset(v[id.index])) v[id.index] = ids.get(next++);
            out.add(model.with(in.get(i), v));
        }
        return out;
    }

    static <T> T upsert(Table<T> table, T entity, String... uniqueFields) {
        Objects.requireNonNull(entity, "entity");
        ModelInfo<T> model = table.model;
        TableMapping<T> m = table.mapping;
        Engine engine = table.engine;
        Object[] v = m.prepare(model.values(entity), true);
        Col id = model.id;
        List<Col> conflict = new ArrayList<>();
        for (String f : uniqueFields) conflict.add(model.column(f));
        if (conflict.isEmpty()) {
            if (id.isUnset(v[id.index])) throw new IllegalArgumentException("upsert() without unique fields needs the id set");
            conflict.add(id);
        }
        List<Col> cols = id.generated && id.isUnset(v[id.index]) ? m.insertCols : model.columns;
        List<String> update = new ArrayList<>();
        for (Col c : cols) {
            if (!c.id && !conflict.contains(c)) update.add(c.column);
        }
        List<String> columns = cols.stream().map(c -> c.column).toList();
        List<String> conflictColumns = conflict.stream().map(c -> c.column).toList();
        List<Param> params = params(cols, v);
        engine.run(true, m, "upserting a " + model.name,
                c -> engine.statements.update(c, engine.dialect.upsert(c.connection(), m.quotedTable, columns, conflictColumns, update), params));
        Map<String, Object> key = new LinkedHashMap<>();
        for (Col c : conflict) key.put(c.field, v[c.index]);
        return table.findBy(key).orElseThrow(() -> new DbException("upsert of " + model.name + " stored no row matching " + key));
    }

    static <T> Saved<T> getOrCreate(Table<T> table, Map<String, ?> lookup, Supplier<? extends T> create) {
        Q q = Table.match(lookup);
        Optional<T> found = table.where(q).find();
        if (found.isPresent()) return new Saved<>(found.get(), false);
        T entity = create.get();
        try {
            T created = table.engine.inTransaction() ? table.db.transaction(() -> table.create(entity)) : table.create(entity);
            return new Saved<>(created, true);
        } catch (UniqueViolation e) {
            Optional<T> again = table.where(q).find();
            if (again.isPresent()) return new Saved<>(again.get(), false);
            throw e;
        }
    }

    static <T> Saved<T> updateOrCreate(Table<T> table, Map<String, ?> lookup, Map<String, ?> values) {
        for (int attempt = 0; ; attempt++) {
            try {
                return table.db.transaction(() -> {
                    Optional<T> found = table.where(Table.match(lookup)).find();
                    if (found.isEmpty()) {
                        Map<String, Object> all = new LinkedHashMap<>(values);
                        all.putAll(lookup);
                        return new Saved<>(table.create(table.build(all)), true);
                    }
                    T row = found.get();
                    Object[] v = table.model.values(row);
                    for (Map.Entry<String, ?> e : values.entrySet()) {
                        Col c = table.model.column(e.getKey());
                        v[c.index] = c.normalize(e.getValue());
                    }
                    if (!values.isEmpty()) table.where(table.model.id.field, v[table.model.id.index]).update(values);
                    return new Saved<>(table.model.with(row, v), false);
                });
            } catch (UniqueViolation e) {
                if (attempt > 0 || table.engine.inTransaction()) throw e;
            }
        }
    }
}
