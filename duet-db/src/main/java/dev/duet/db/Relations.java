package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.ModelInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The eager loading of a {@link Table}'s relations: rows by many ids, and the children of many
 * parents, one query per 1000 keys rather than one per row (no N+1). Their documentation is on
 * {@link TableOperations}.
 */
final class Relations {
    /** Keys per {@code IN (…)}. */
    private static final int IN_CHUNK = 1000;

    private Relations() {
    }

    static <T, K> Map<K, T> findAll(Table<T> table, Collection<K> ids) {
        ModelInfo<T> model = table.model;
        Map<Object, K> wanted = new LinkedHashMap<>();
        for (K k : ids) {
            if (k != null) wanted.putIfAbsent(model.id.normalize(k), k);
        }
        Map<K, T> out = new LinkedHashMap<>();
        List<Object> keys = new ArrayList<>(wanted.keySet());
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            for (T row : table.where(Q.in(model.id.field, chunk)).all()) {
                out.put(wanted.get(model.get(row, model.id)), row);
            }
        }
        return out;
    }

    static <T, P, K> Map<K, List<T>> hasMany(Table<T> table, String foreignKeyField, Collection<P> parents,
                                            Function<? super P, K> parentId) {
        ModelInfo<T> model = table.model;
        Col fk = model.column(foreignKeyField);
        Map<Object, K> wanted = new LinkedHashMap<>();
        Map<K, List<T>> out = new LinkedHashMap<>();
        for (P p : parents) {
            K k = parentId.apply(p);
            if (k == null) continue;
            wanted.putIfAbsent(fk.normalize(k), k);
            out.putIfAbsent(k, new ArrayList<>());
        }
        List<Object> keys = new ArrayList<>(wanted.keySet());
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            for (T row : table.where(Q.in(fk.field, chunk)).orderBy(model.id.field).all()) {
                out.get(wanted.get(model.get(row, fk))).add(row);
            }
        }
        return out;
    }
}
