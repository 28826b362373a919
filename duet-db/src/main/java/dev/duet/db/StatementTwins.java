package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.TableMapping;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.duet.db.internal.TableMapping.params;

/**
 * The async twins of a {@link Table} that send one statement and build it themselves: they hand
 * the engine the statement their blocking call sends ({@link Engine#queryAsync}), so it may run on
 * the calling event loop ({@code duet-db-loop}) rather than on a virtual thread. Each fails its
 * stage where its blocking self throws, and never throws. Their documentation is on
 * {@link TableOperations}.
 */
final class StatementTwins {
    private StatementTwins() {
    }

    /** The rows of {@link Table#find(Object)}'s statement: none or one. */
    static <T> CompletionStage<List<T>> rowsWithId(Table<T> table, Object id) {
        TableMapping<T> m = table.mapping;
        return Engine.twin(() -> table.engine.queryAsync(m, m.readingOne, id, m.findSql, table.keyOf(id), m::read));
    }

    static <T> CompletionStage<T> get(Table<T> table, Object id) {
        return Engine.then(rowsWithId(table, id), rows -> {
            if (rows.isEmpty()) throw table.notFound(id);
            return rows.getFirst();
        });
    }

    /**
     * On a database whose INSERT returns the new id, the statement {@link Table#create(Object)}
     * sends; otherwise {@code create} itself, as any twin runs it.
     */
    static <T> CompletionStage<T> create(Table<T> table, T entity) {
        return Engine.twin(() -> insertReturning(table, entity));
    }

    private static <T> CompletionStage<T> insertReturning(Table<T> table, T entity) {
        TableMapping<T> m = table.mapping;
        Col id = table.model.id;
        Object[] v = m.prepare(table.model.values(Objects.requireNonNull(entity, "entity")), true);
        Engine engine = table.engine;
        if (!id.generated || !id.isUnset(v[id.index]) || !engine.dialect.insertReturning()) {
            return table.database().async(() -> table.create(entity));
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        engine.writeReturningAsync(m, m.inserting, null, m.insertReturningSql, params(m.insertCols, v), rs -> engine.codec.read(rs, 1, id))
                .whenComplete((ids, e) -> {
                    if (e != null) {
                        Throwable cause = Engine.unwrapped(e);
                        out.completeExceptionally(cause instanceof ValueTooLong tooLong ? m.namingTooLong(tooLong, v) : cause);
                    } else if (ids.isEmpty()) {
                        out.completeExceptionally(new DbException("INSERT returned no id (while " + m.inserting + ")"));
                    } else {
                        v[id.index] = ids.getFirst();
                        out.complete(table.model.with(entity, v));
                    }
                });
        return out;
    }

    static <T> CompletionStage<Boolean> deleteById(Table<T> table, Object id) {
        TableMapping<T> m = table.mapping;
        return Engine.twin(() -> Engine.then(table.engine.updateAsync(m, m.deleting, id, m.deleteSql, table.keyOf(id)), n -> n > 0));
    }
}
