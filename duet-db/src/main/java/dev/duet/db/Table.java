package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.TableMapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.duet.db.internal.TableMapping.params;

/**
 * The rows of one model in one {@link Database}: every everyday operation, typed, with no SQL, and
 * an async twin for each ({@code …Async}, returning a {@link CompletionStage}; see
 * {@link TableOperations}, where each is documented beside its twin). Get one with
 * {@link Database#table(Class)}; it is thread-safe and cheap to keep (hold it in a field).
 *
 * <pre>{@code
 * Table<User> users = db.table(User.class);
 * User ann = users.create(new User(null, "Ann", "ann@example.com"));   // a new record, with its id
 * Optional<User> same = users.find(ann.id());
 * User must = users.get(ann.id());                                      // NotFound (404) if absent
 * Optional<User> byEmail = users.findBy("email", "ann@example.com");    // get-or-none
 * users.save(new User(ann.id(), "Ann B.", ann.email()));                // insert or update
 * users.where(Q.like("email", "%@example.com")).orderBy("name").limit(10).all();
 * users.deleteById(ann.id());
 * CompletionStage<User> later = users.createAsync(new User(null, "Bob", "bob@example.com"));
 * }</pre>
 *
 * <h2>Async twins</h2>
 * Each {@code fooAsync(…)} runs exactly {@code foo(…)} on a virtual thread and completes with its
 * result or its exception. At most {@link Database#poolSize()} of them run at once per database;
 * the rest queue (fairly), so a flood of async calls waits instead of failing. Started inside a
 * Duet request, the task sees that request ({@code Request.current()}, the log MDC) and is
 * cancelled with it; started inside {@link Database#transaction}, it joins that transaction.
 * Started from a blocking handler, it runs on the handler's connection while that is free, and on
 * one of its own otherwise (see {@link DbConfig#connectionPerRequest()}).
 *
 * <p>With {@code duet-db-loop} on the class path, the twins that send one statement ({@code getAsync},
 * {@code allAsync}, {@code countAsync}, {@code createAsync}, {@code updateAllAsync} of up to
 * {@link DbConfig#maxRowsInOneUpdate()} rows...), called on one of the Netty core's event loops
 * outside a transaction on PostgreSQL, send it from that loop instead, with no thread of their
 * own; their results and failures are the same (see {@link DbConfig#loopPoolSize()}).
 */
public final class Table<T> implements TableOperations<T> {
    final Database db;
    final Engine engine;
    final ModelInfo<T> model;
    final TableMapping<T> mapping;

    Table(Database db, Engine engine, Class<T> type) {
        this.db = db;
        this.engine = engine;
        this.model = ModelInfo.of(type);
        this.mapping = new TableMapping<>(model, engine.dialect, engine.naming);
    }

    @Override
    public Database database() {
        return db;
    }

    /** The model class. */
    public Class<T> type() {
        return model.type;
    }

    /** The table's name in the database. */
    public String tableName() {
        return mapping.table;
    }

    /** The model's field names, in order. */
    public List<String> fields() {
        return model.columns.stream().map(c -> c.field).toList();
    }

    // ---- queries ----

    /** A query on every row, to refine with {@code where}, {@code orderBy}, {@code limit}... */
    public Query<T> query() {
        return new Query<>(this);
    }

    /** The rows matching {@code q}. */
    public Query<T> where(Q q) {
        return query().where(q);
    }

    /** The rows whose {@code field} equals {@code value}. */
    public Query<T> where(String field, Object value) {
        return query().where(field, value);
    }

    /** Every row, sorted by {@code fields} ({@code "-name"} for descending). */
    public Query<T> orderBy(String... fields) {
        return query().orderBy(fields);
    }

    @Override
    public List<T> all() {
        return query().all();
    }

    @Override
    public Optional<T> find(Object id) {
        List<Param> key = keyOf(id);
        TableMapping<T> m = mapping;
        return Query.firstOf(engine.run(false, mapping, m.readingOne, id, c -> engine.statements.query(c, m.findSql, key, m::read)));
    }

    @Override
    public CompletionStage<Optional<T>> findAsync(Object id) {
        return Engine.then(StatementTwins.rowsWithId(this, id), Query::firstOf);
    }

    @Override
    public T get(Object id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    @Override
    public CompletionStage<T> getAsync(Object id) {
        return StatementTwins.get(this, id);
    }

    /** The parameter that picks the row with this id: the id as its column's type. */
    List<Param> keyOf(Object id) {
        return List.of(new Param(model.id.normalize(Objects.requireNonNull(id, "id")), model.id.type));
    }

    NotFound notFound(Object id) {
        return new NotFound(model.name + " " + id + " not found", model.type, id);
    }

    @Override
    public CompletionStage<List<T>> allAsync() {
        return query().allAsync();
    }

    @Override
    public Optional<T> findBy(String field, Object value) {
        return where(field, value).find();
    }

    @Override
    public CompletionStage<Optional<T>> findByAsync(String field, Object value) {
        return Engine.twin(() -> where(field, value).findAsync());
    }

    @Override
    public CompletionStage<Optional<T>> findByAsync(Map<String, ?> fields) {
        return Engine.twin(() -> where(match(fields)).findAsync());
    }

    @Override
    public CompletionStage<Optional<T>> findByAsync(Q q) {
        return Engine.twin(() -> where(q).findAsync());
    }

    @Override
    public CompletionStage<Optional<T>> firstAsync() {
        return query().firstAsync();
    }

    @Override
    public CompletionStage<Optional<T>> firstAsync(Q q) {
        return Engine.twin(() -> where(q).firstAsync());
    }

    @Override
    public CompletionStage<Long> countAsync() {
        return query().countAsync();
    }

    @Override
    public CompletionStage<Long> countAsync(Q q) {
        return Engine.twin(() -> where(q).countAsync());
    }

    @Override
    public CompletionStage<Boolean> existsAsync() {
        return query().existsAsync();
    }

    @Override
    public CompletionStage<Boolean> existsAsync(Q q) {
        return Engine.twin(() -> where(q).existsAsync());
    }

    @Override
    public Optional<T> findBy(Map<String, ?> fields) {
        return where(match(fields)).find();
    }

    @Override
    public Optional<T> findBy(Q q) {
        return where(q).find();
    }

    @Override
    public Optional<T> first() {
        return query().first();
    }

    @Override
    public Optional<T> first(Q q) {
        return where(q).first();
    }

    @Override
    public long count() {
        return query().count();
    }

    @Override
    public long count(Q q) {
        return where(q).count();
    }

    @Override
    public boolean exists() {
        return query().exists();
    }

    @Override
    public boolean exists(Q q) {
        return where(q).exists();
    }

    @Override
    public Page<T> page(int number, int size) {
        return query().page(number, size);
    }

    @Override
    public List<Map<String, Object>> values(String... fields) {
        return query().values(fields);
    }

    @Override
    public <V> List<V> pluck(String field) {
        return query().pluck(field);
    }

    // ---- writes ----

    @Override
    public T create(T entity) {
        Objects.requireNonNull(entity, "entity");
        TableMapping<T> m = mapping;
        Object[] v = m.prepare(model.values(entity), true);
        Col id = model.id;
        try {
            if (id.generated && id.isUnset(v[id.index])) {
                List<Param> params = params(m.insertCols, v);
                v[id.index] = engine.run(true, mapping, m.inserting,
                        c -> engine.statements.insert(c, m.insertSql, m.insertReturningSql, params, id));
            } else {
                if (v[id.index] == null) {
                    throw new IllegalArgumentException("the id of " + model.name + " (a " + id.javaType.getSimpleName()
                            + ") must be set before create()");
                }
                List<Param> params = params(model.columns, v);
                engine.run(true, mapping, m.inserting, c -> engine.statements.update(c, m.insertWithIdSql, params));
            }
        } catch (ValueTooLong e) {
            throw m.namingTooLong(e, v);
        }
        return model.with(entity, v);
    }

    @Override
    public CompletionStage<T> createAsync(T entity) {
        return StatementTwins.create(this, entity);
    }

    @Override
    public T create(Map<String, ?> fields) {
        return create(build(fields));
    }

    /** A new entity (not stored) from field values; fields not given are null (0/false for primitives). */
    public T build(Map<String, ?> fields) {
        Object[] v = new Object[model.columns.size()];
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            Col c = model.column(e.getKey());
            v[c.index] = c.normalize(e.getValue());
        }
        return model.newEntity(v);
    }

    @Override
    public T save(T entity) {
        Objects.requireNonNull(entity, "entity");
        Object[] raw = model.values(entity);
        Col id = model.id;
        if (id.isUnset(raw[id.index])) return create(entity);
        TableMapping<T> m = mapping;
        Object[] v = m.prepare(raw, false);
        if (m.updateSql == null) {
            if (find(v[id.index]).isEmpty()) return create(entity);
            return entity;
        }
        List<Param> params = params(m.updateCols, v);
        params.add(new Param(v[id.index], id.type));
        int n;
        try {
            n = engine.run(true, mapping, m.updating, v[id.index], c -> engine.statements.update(c, m.updateSql, params));
        } catch (ValueTooLong e) {
            throw m.namingTooLong(e, v);
        }
        if (n == 0) return create(entity);
        return model.with(entity, v);
    }

    @Override
    public List<T> updateAll(Collection<? extends T> entities) {
        return BulkWrites.updateAll(this, entities);
    }

    @Override
    public CompletionStage<List<T>> updateAllAsync(Collection<? extends T> entities) {
        return Engine.twin(() -> BulkWrites.updateAllAsync(this, entities));
    }

    @Override
    public boolean delete(T entity) {
        return deleteById(idToDelete(entity));
    }

    /** The id of {@code entity}, which a delete needs. */
    Object idToDelete(T entity) {
        Objects.requireNonNull(entity, "entity");
        Object id = model.get(entity, model.id);
        if (model.id.isUnset(id)) throw new IllegalArgumentException("cannot delete a " + model.name + " that has no id");
        return id;
    }

    @Override
    public boolean deleteById(Object id) {
        List<Param> key = keyOf(id);
        TableMapping<T> m = mapping;
        return engine.run(true, mapping, m.deleting, id, c -> engine.statements.update(c, m.deleteSql, key)) > 0;
    }

    @Override
    public CompletionStage<Boolean> deleteAsync(T entity) {
        return Engine.twin(() -> deleteByIdAsync(idToDelete(entity)));
    }

    @Override
    public CompletionStage<Boolean> deleteByIdAsync(Object id) {
        return StatementTwins.deleteById(this, id);
    }

    @Override
    public int deleteAll() {
        return engine.run(true, mapping, "deleting every " + model.name,
                c -> engine.statements.update(c, "DELETE FROM " + mapping.quotedTable, List.of()));
    }

    @Override
    public Saved<T> getOrCreate(Map<String, ?> lookup, Map<String, ?> defaults) {
        return getOrCreate(lookup, () -> {
            Map<String, Object> all = new LinkedHashMap<>(defaults);
            all.putAll(lookup);
            return build(all);
        });
    }

    @Override
    public Saved<T> getOrCreate(Map<String, ?> lookup, Supplier<? extends T> create) {
        return BulkWrites.getOrCreate(this, lookup, create);
    }

    @Override
    public Saved<T> updateOrCreate(Map<String, ?> lookup, Map<String, ?> values) {
        return BulkWrites.updateOrCreate(this, lookup, values);
    }

    @Override
    public int insertAll(Collection<? extends T> entities) {
        return BulkWrites.insertAll(this, entities);
    }

    @Override
    public List<T> createAll(Collection<? extends T> entities) {
        return BulkWrites.createAll(this, entities);
    }

    @Override
    public T upsert(T entity, String... uniqueFields) {
        return BulkWrites.upsert(this, entity, uniqueFields);
    }

    // ---- relations: explicit eager loading, one query per relation (no N+1); see Relations ----

    @Override
    public <K> Map<K, T> findAll(Collection<K> ids) {
        return Relations.findAll(this, ids);
    }

    @Override
    public <C, K> Map<K, T> belongsTo(Collection<C> children, Function<? super C, K> foreignKey) {
        List<K> keys = new ArrayList<>();
        for (C c : children) keys.add(foreignKey.apply(c));
        return findAll(keys);
    }

    @Override
    public <P, K> Map<K, List<T>> hasMany(String foreignKeyField, Collection<P> parents, Function<? super P, K> parentId) {
        return Relations.hasMany(this, foreignKeyField, parents, parentId);
    }

    /** All of {@code fields} equal: the condition of a lookup by fields. */
    static Q match(Map<String, ?> fields) {
        if (fields.isEmpty()) throw new IllegalArgumentException("no fields to match");
        List<Q> parts = new ArrayList<>();
        fields.forEach((k, val) -> parts.add(Q.eq(k, val)));
        return Q.and(parts.toArray(Q[]::new));
    }

    @Override
    public String toString() {
        return "Table[" + model.name + " -> " + mapping.table + " on " + engine.dialect.name() + "]";
    }
}
