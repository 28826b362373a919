package dev.duet.db;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.dialect.Codec;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.RowReader;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The rows of one model in one {@link Database}: every everyday operation, typed, with no SQL, and
 * an async twin for each ({@code …Async}, returning a {@link CompletionStage}). Get one with
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
 */
public final class Table<T> {
    final Database db;
    final Engine engine;
    final ModelInfo<T> model;
    final String quotedTable;
    /** Each column's name, quoted for this database, by column index. */
    final String[] quoted;
    final String selectSql;
    /** The fastest reader of each column, by column index. */
    private final Codec.ColReader[] readers;
    /** For a record model: {@code (ResultSet) -> record}, reading each column straight into the constructor. */
    final MethodHandle recordReader;
    /** SQL of queries by shape ({@link Query}), so a query asked again with other values is not rebuilt. */
    final Map<Object, String> sqlCache = new ConcurrentHashMap<>();
    static final int SQL_CACHE_LIMIT = 1024;
    /** What each call is doing, for error messages: made once, not on every call. */
    final String readingRows;
    final String readingOne;
    private final String inserting;
    private final String updating;
    private final String deleting;
    private final String findSql;
    private final String insertSql;
    private final String insertReturningSql;
    private final String insertWithIdSql;
    private final String updateSql;
    private final String deleteSql;
    private final List<Col> insertCols;
    private final List<Col> updateCols;

    Table(Database db, Engine engine, Class<T> type) {
        this.db = db;
        this.engine = engine;
        this.model = ModelInfo.of(type);
        var d = engine.dialect;
        this.quotedTable = d.quote(model.table);
        int n = model.columns.size();
        this.quoted = new String[n];
        this.readers = new Codec.ColReader[n];
        for (int i = 0; i < n; i++) {
            quoted[i] = d.quote(model.columns.get(i).column);
            readers[i] = engine.codec.reader(model.columns.get(i));
        }
        this.recordReader = recordReader(model, readers);
        this.readingRows = "reading " + model.name + " rows";
        this.readingOne = "reading " + model.name;
        this.inserting = "inserting a " + model.name;
        this.updating = "updating " + model.name;
        this.deleting = "deleting " + model.name;
        StringBuilder sel = new StringBuilder("SELECT ");
        for (int i = 0; i < n; i++) {
            if (i > 0) sel.append(", ");
            sel.append(quoted[i]);
        }
        this.selectSql = sel.append(" FROM ").append(quotedTable).toString();
        String idEq = " WHERE " + d.quote(model.id.column) + " = ?";
        this.findSql = selectSql + idEq;
        this.insertCols = model.columns.stream().filter(c -> !(c.id && c.generated)).toList();
        this.updateCols = model.columns.stream().filter(c -> !c.id).toList();
        this.insertSql = insertSql(insertCols);
        this.insertReturningSql = insertSql + " RETURNING " + d.quote(model.id.column);
        this.insertWithIdSql = insertSql(model.columns);
        StringBuilder upd = new StringBuilder("UPDATE ").append(quotedTable).append(" SET ");
        for (int i = 0; i < updateCols.size(); i++) {
            if (i > 0) upd.append(", ");
            upd.append(d.quote(updateCols.get(i).column)).append(" = ?");
        }
        this.updateSql = updateCols.isEmpty() ? null : upd.append(idEq).toString();
        this.deleteSql = "DELETE FROM " + quotedTable + idEq;
    }

    private String insertSql(List<Col> cols) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(quotedTable).append(" (");
        for (int i = 0; i < cols.size(); i++) sb.append(i > 0 ? ", " : "").append(engine.dialect.quote(cols.get(i).column));
        sb.append(") VALUES (");
        for (int i = 0; i < cols.size(); i++) sb.append(i > 0 ? ", ?" : "?");
        return sb.append(')').toString();
    }

    /** The model class. */
    public Class<T> type() {
        return model.type;
    }

    /** The table's name in the database. */
    public String tableName() {
        return model.table;
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

    /** Every row (in the database's order). */
    public List<T> all() {
        return query().all();
    }

    public CompletionStage<List<T>> allAsync() {
        return engine.async(this::all);
    }

    /** The row with this id, if any (get-or-none). */
    public Optional<T> find(Object id) {
        Object key = model.id.normalize(Objects.requireNonNull(id, "id"));
        List<Param> params = List.of(new Param(key, model.id.type));
        List<T> rows = engine.run(false, model, readingOne, id, c -> engine.statements.query(c, findSql, params, this::read));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public CompletionStage<Optional<T>> findAsync(Object id) {
        return engine.async(() -> find(id));
    }

    /** The row with this id; {@link NotFound} (HTTP 404 with {@link DuetDb#install}) if there is none. */
    public T get(Object id) {
        return find(id).orElseThrow(() -> new NotFound(model.name + " " + id + " not found", model.type, id));
    }

    public CompletionStage<T> getAsync(Object id) {
        return engine.async(() -> get(id));
    }

    /** The one row whose {@code field} equals {@code value}, if any; a {@link DbException} if several match. */
    public Optional<T> findBy(String field, Object value) {
        return where(field, value).find();
    }

    public CompletionStage<Optional<T>> findByAsync(String field, Object value) {
        return engine.async(() -> findBy(field, value));
    }

    /** The one row whose fields equal all of {@code fields}, if any; a {@link DbException} if several match. */
    public Optional<T> findBy(Map<String, ?> fields) {
        return where(match(fields)).find();
    }

    public CompletionStage<Optional<T>> findByAsync(Map<String, ?> fields) {
        return engine.async(() -> findBy(fields));
    }

    /** The one row matching {@code q}, if any; a {@link DbException} if several match. */
    public Optional<T> findBy(Q q) {
        return where(q).find();
    }

    public CompletionStage<Optional<T>> findByAsync(Q q) {
        return engine.async(() -> findBy(q));
    }

    /** The row with the smallest id, if any. */
    public Optional<T> first() {
        return query().first();
    }

    public CompletionStage<Optional<T>> firstAsync() {
        return engine.async(this::first);
    }

    /** The first row (by id) matching {@code q}, if any. */
    public Optional<T> first(Q q) {
        return where(q).first();
    }

    public CompletionStage<Optional<T>> firstAsync(Q q) {
        return engine.async(() -> first(q));
    }

    public long count() {
        return query().count();
    }

    public CompletionStage<Long> countAsync() {
        return engine.async(this::count);
    }

    public long count(Q q) {
        return where(q).count();
    }

    public CompletionStage<Long> countAsync(Q q) {
        return engine.async(() -> count(q));
    }

    /** Whether the table has any row. */
    public boolean exists() {
        return query().exists();
    }

    public CompletionStage<Boolean> existsAsync() {
        return engine.async(this::exists);
    }

    /** Whether any row matches {@code q}. */
    public boolean exists(Q q) {
        return where(q).exists();
    }

    public CompletionStage<Boolean> existsAsync(Q q) {
        return engine.async(() -> exists(q));
    }

    /** Page {@code number} (from 1) of every row by id, {@code size} rows a page, with the total. */
    public Page<T> page(int number, int size) {
        return query().page(number, size);
    }

    public CompletionStage<Page<T>> pageAsync(int number, int size) {
        return engine.async(() -> page(number, size));
    }

    /** Only {@code fields} of every row, as maps from field name to value. */
    public List<Map<String, Object>> values(String... fields) {
        return query().values(fields);
    }

    public CompletionStage<List<Map<String, Object>>> valuesAsync(String... fields) {
        return engine.async(() -> values(fields));
    }

    /** One field of every row, as the field's Java type. */
    public <V> List<V> pluck(String field) {
        return query().pluck(field);
    }

    public <V> CompletionStage<List<V>> pluckAsync(String field) {
        return engine.async(() -> pluck(field));
    }

    // ---- writes ----

    /**
     * Inserts {@code entity} and returns it as stored: with its generated id (a record is copied;
     * a class instance gets its id field set and is returned), {@link Default}s filled in, instants
     * cut to microseconds and decimals to their scale, so it equals what {@link #find} returns.
     * A duplicate unique value fails with {@link UniqueViolation}, a missing value with
     * {@link NotNullViolation}.
     */
    public T create(T entity) {
        Objects.requireNonNull(entity, "entity");
        Object[] v = prepare(model.values(entity), true);
        Col id = model.id;
        try {
            if (id.generated && id.isUnset(v[id.index])) {
                List<Param> params = params(insertCols, v);
                v[id.index] = engine.run(true, model, inserting, c -> engine.statements.insert(c, insertSql, insertReturningSql, params, id));
            } else {
                if (v[id.index] == null) {
                    throw new IllegalArgumentException("the id of " + model.name + " (a " + id.javaType.getSimpleName()
                            + ") must be set before create()");
                }
                List<Param> params = params(model.columns, v);
                engine.run(true, model, inserting, c -> engine.statements.update(c, insertWithIdSql, params));
            }
        } catch (ValueTooLong e) {
            throw namingTooLong(e, v);
        }
        return model.with(entity, v);
    }

    public CompletionStage<T> createAsync(T entity) {
        return engine.async(() -> create(entity));
    }

    /** Creates a row from field values, as {@code User.create(name=..., email=...)} does in Python ORMs. */
    public T create(Map<String, ?> fields) {
        return create(build(fields));
    }

    public CompletionStage<T> createAsync(Map<String, ?> fields) {
        return engine.async(() -> create(fields));
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

    /**
     * Stores {@code entity}: inserts it if its id is unset (null, or 0), else updates the row with
     * that id (inserting it if there is none). Returns it as stored, like {@link #create}.
     */
    public T save(T entity) {
        Objects.requireNonNull(entity, "entity");
        Object[] raw = model.values(entity);
        Col id = model.id;
        if (id.isUnset(raw[id.index])) return create(entity);
        Object[] v = prepare(raw, false);
        if (updateSql == null) {
            if (find(v[id.index]).isEmpty()) return create(entity);
            return entity;
        }
        List<Param> params = params(updateCols, v);
        params.add(new Param(v[id.index], id.type));
        int n;
        try {
            n = engine.run(true, model, updating, v[id.index], c -> engine.statements.update(c, updateSql, params));
        } catch (ValueTooLong e) {
            throw namingTooLong(e, v);
        }
        if (n == 0) return create(entity);
        return model.with(entity, v);
    }

    public CompletionStage<T> saveAsync(T entity) {
        return engine.async(() -> save(entity));
    }

    /**
     * Updates existing rows, each as {@link #save} updates one (every field but the id, found by
     * the id), and returns them as stored, in order. One {@code UPDATE} per row, sent in JDBC
     * batches of 1000: one round trip for the lot instead of one per row. In one transaction (a
     * savepoint inside another): all rows or none. When concurrent callers may update the same
     * rows, pass them in id order, so that their row locks are taken in one order and cannot
     * deadlock.
     *
     * <p>Unlike {@code save}, it never inserts. Every entity needs its id set (an
     * {@link IllegalArgumentException} before any SQL otherwise), and every row must exist: a
     * missing one fails with {@link NotFound} naming its id, and nothing is updated. A constraint
     * failure ({@link UniqueViolation}, {@link ValueTooLong}…) names the field and leaves every
     * row as it was, too. An empty collection sends nothing.
     *
     * <pre>{@code
     * List<World> changed = ...;                                   // read, then changed
     * changed.sort(Comparator.comparing(World::id));               // one lock order for everyone
     * worlds.updateAll(changed);                                   // one round trip
     * }</pre>
     */
    public List<T> updateAll(Collection<? extends T> entities) {
        if (entities.isEmpty()) return List.of();
        Col id = model.id;
        List<T> in = new ArrayList<>(entities.size());
        List<Object[]> values = new ArrayList<>(entities.size());
        List<List<Param>> rows = new ArrayList<>(entities.size());
        for (T e : entities) {
            Object[] v = prepare(model.values(Objects.requireNonNull(e, "null entity in updateAll")), false);
            if (id.isUnset(v[id.index])) {
                throw new IllegalArgumentException("updateAll() updates existing rows: the " + model.name + " at index "
                        + in.size() + " has no id (create it instead)");
            }
            List<Param> p = params(updateCols, v);
            p.add(new Param(v[id.index], id.type));
            rows.add(p);
            in.add(e);
            values.add(v);
        }
        try {
            db.transaction(() -> {
                int[] counts = updateSql == null ? null
                        : engine.run(true, model, "updating " + rows.size() + " " + model.name + " rows",
                                c -> engine.statements.batchCounts(c, updateSql, rows));
                Object missing = firstMissing(counts, values);
                if (missing != null) throw new NotFound(model.name + " " + missing + " not found", model.type, missing);
            });
        } catch (ValueTooLong e) {
            throw namingTooLong(e, values);
        }
        List<T> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) out.add(model.with(in.get(i), values.get(i)));
        return out;
    }

    public CompletionStage<List<T>> updateAllAsync(Collection<? extends T> entities) {
        return engine.async(() -> updateAll(entities));
    }

    /**
     * The id of the first row an update batch found no row for, or null. Where the driver did not
     * say how many rows a statement changed (or there was nothing to change), the ids are looked
     * up, inside the same transaction.
     */
    private Object firstMissing(int[] counts, List<Object[]> values) {
        Col id = model.id;
        List<Object> unknown = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            int n = counts == null ? java.sql.Statement.SUCCESS_NO_INFO : counts[i];
            if (n == 0) return values.get(i)[id.index];
            if (n < 0) unknown.add(values.get(i)[id.index]);
        }
        if (unknown.isEmpty()) return null;
        Map<Object, T> found = findAll(unknown);
        for (Object key : unknown) {
            if (!found.containsKey(key)) return key;
        }
        return null;
    }

    /** Deletes {@code entity}'s row; false if there was none. */
    public boolean delete(T entity) {
        Objects.requireNonNull(entity, "entity");
        Object id = model.get(entity, model.id);
        if (model.id.isUnset(id)) throw new IllegalArgumentException("cannot delete a " + model.name + " that has no id");
        return deleteById(id);
    }

    public CompletionStage<Boolean> deleteAsync(T entity) {
        return engine.async(() -> delete(entity));
    }

    /** Deletes the row with this id; false if there was none. */
    public boolean deleteById(Object id) {
        Object key = model.id.normalize(Objects.requireNonNull(id, "id"));
        List<Param> params = List.of(new Param(key, model.id.type));
        return engine.run(true, model, deleting, id, c -> engine.statements.update(c, deleteSql, params)) > 0;
    }

    public CompletionStage<Boolean> deleteByIdAsync(Object id) {
        return engine.async(() -> deleteById(id));
    }

    /** Deletes every row; returns how many. */
    public int deleteAll() {
        return engine.run(true, model, "deleting every " + model.name,
                c -> engine.statements.update(c, "DELETE FROM " + quotedTable, List.of()));
    }

    public CompletionStage<Integer> deleteAllAsync() {
        return engine.async(this::deleteAll);
    }

    /**
     * The one row matching {@code lookup}, or a new one made from {@code lookup} and
     * {@code defaults}. Safe under races: if another caller creates the same row first (a
     * {@link UniqueViolation}), that row is returned.
     */
    public Saved<T> getOrCreate(Map<String, ?> lookup, Map<String, ?> defaults) {
        return getOrCreate(lookup, () -> {
            Map<String, Object> all = new LinkedHashMap<>(defaults);
            all.putAll(lookup);
            return build(all);
        });
    }

    public CompletionStage<Saved<T>> getOrCreateAsync(Map<String, ?> lookup, Map<String, ?> defaults) {
        return engine.async(() -> getOrCreate(lookup, defaults));
    }

    /** The one row matching {@code lookup}, or {@code create.get()} stored. */
    public Saved<T> getOrCreate(Map<String, ?> lookup, Supplier<? extends T> create) {
        Q q = match(lookup);
        Optional<T> found = where(q).find();
        if (found.isPresent()) return new Saved<>(found.get(), false);
        T entity = create.get();
        try {
            T created = engine.inTransaction() ? db.transaction(() -> create(entity)) : create(entity);
            return new Saved<>(created, true);
        } catch (UniqueViolation e) {
            Optional<T> again = where(q).find();
            if (again.isPresent()) return new Saved<>(again.get(), false);
            throw e;
        }
    }

    public CompletionStage<Saved<T>> getOrCreateAsync(Map<String, ?> lookup, Supplier<? extends T> create) {
        return engine.async(() -> getOrCreate(lookup, create));
    }

    /**
     * Sets {@code values} on the one row matching {@code lookup}, or creates it from {@code lookup}
     * and {@code values}; in a transaction, retried once if a concurrent caller created it first.
     */
    public Saved<T> updateOrCreate(Map<String, ?> lookup, Map<String, ?> values) {
        for (int attempt = 0; ; attempt++) {
            try {
                return db.transaction(() -> {
                    Optional<T> found = where(match(lookup)).find();
                    if (found.isEmpty()) {
                        Map<String, Object> all = new LinkedHashMap<>(values);
                        all.putAll(lookup);
                        return new Saved<>(create(build(all)), true);
                    }
                    T row = found.get();
                    Object[] v = model.values(row);
                    for (Map.Entry<String, ?> e : values.entrySet()) {
                        Col c = model.column(e.getKey());
                        v[c.index] = c.normalize(e.getValue());
                    }
                    if (!values.isEmpty()) where(model.id.field, v[model.id.index]).update(values);
                    return new Saved<>(model.with(row, v), false);
                });
            } catch (UniqueViolation e) {
                if (attempt > 0 || engine.inTransaction()) throw e;
            }
        }
    }

    public CompletionStage<Saved<T>> updateOrCreateAsync(Map<String, ?> lookup, Map<String, ?> values) {
        return engine.async(() -> updateOrCreate(lookup, values));
    }

    /**
     * Inserts many rows in JDBC batches, in one transaction (all or none); returns how many. The
     * fastest bulk insert: the generated ids are not read back ({@link #createAll} does that).
     */
    public int insertAll(Collection<? extends T> entities) {
        if (entities.isEmpty()) return 0;
        List<List<Param>> generated = new ArrayList<>();
        List<List<Param>> explicit = new ArrayList<>();
        Col id = model.id;
        for (T e : entities) {
            Object[] v = prepare(model.values(Objects.requireNonNull(e, "null entity in insertAll")), true);
            if (id.generated && id.isUnset(v[id.index])) generated.add(params(insertCols, v));
            else explicit.add(params(model.columns, v));
        }
        return db.transaction(() -> engine.run(true, model, "inserting " + entities.size() + " " + model.name + " rows", c -> {
            int n = 0;
            if (!generated.isEmpty()) n += engine.statements.batch(c, insertSql, generated);
            if (!explicit.isEmpty()) n += engine.statements.batch(c, insertWithIdSql, explicit);
            return n;
        }));
    }

    public CompletionStage<Integer> insertAllAsync(Collection<? extends T> entities) {
        return engine.async(() -> insertAll(entities));
    }

    /**
     * Inserts many rows in one transaction (all or none) and returns them as stored, in order, each
     * as {@link #create} would: with its generated id (records copied, class instances set in
     * place) and its defaults. PostgreSQL and MySQL/MariaDB send them in JDBC batches of 1000 and
     * read the generated keys back; SQLite, which runs in process, inserts them one by one on one
     * prepared statement.
     */
    public List<T> createAll(Collection<? extends T> entities) {
        if (entities.isEmpty()) return List.of();
        List<T> in = new ArrayList<>(entities.size());
        List<Object[]> values = new ArrayList<>(entities.size());
        List<List<Param>> generated = new ArrayList<>();
        List<List<Param>> explicit = new ArrayList<>();
        Col id = model.id;
        for (T e : entities) {
            Object[] v = prepare(model.values(Objects.requireNonNull(e, "null entity in createAll")), true);
            if (id.generated && id.isUnset(v[id.index])) {
                generated.add(params(insertCols, v));
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
            ids = db.transaction(() -> engine.run(true, model, "inserting " + entities.size() + " " + model.name + " rows", c -> {
                List<Object> keys = generated.isEmpty() ? List.of() : engine.statements.insertAll(c, insertSql, insertReturningSql, generated, id);
                if (!explicit.isEmpty()) engine.statements.batch(c, insertWithIdSql, explicit);
                return keys;
            }));
        } catch (ValueTooLong e) {
            throw namingTooLong(e, values);
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

    public CompletionStage<List<T>> createAllAsync(Collection<? extends T> entities) {
        return engine.async(() -> createAll(entities));
    }

    /**
     * Inserts {@code entity}, or, if a row with the same {@code uniqueFields} exists (they must
     * carry a unique constraint; the id if none are named), updates that row's other fields; one
     * statement ({@code ON CONFLICT … DO UPDATE} / {@code ON DUPLICATE KEY UPDATE}). Returns the row
     * as stored. (MySQL applies it on a clash with any unique key, not only the one named.)
     */
    public T upsert(T entity, String... uniqueFields) {
        Objects.requireNonNull(entity, "entity");
        Object[] v = prepare(model.values(entity), true);
        Col id = model.id;
        List<Col> conflict = new ArrayList<>();
        for (String f : uniqueFields) conflict.add(model.column(f));
        if (conflict.isEmpty()) {
            if (id.isUnset(v[id.index])) throw new IllegalArgumentException("upsert() without unique fields needs the id set");
            conflict.add(id);
        }
        List<Col> cols = id.generated && id.isUnset(v[id.index]) ? insertCols : model.columns;
        List<String> update = new ArrayList<>();
        for (Col c : cols) {
            if (!c.id && !conflict.contains(c)) update.add(c.column);
        }
        List<String> columns = cols.stream().map(c -> c.column).toList();
        List<String> conflictColumns = conflict.stream().map(c -> c.column).toList();
        List<Param> params = params(cols, v);
        engine.run(true, model, "upserting a " + model.name,
                c -> engine.statements.update(c, engine.dialect.upsert(c.connection(), model.table, columns, conflictColumns, update), params));
        Map<String, Object> key = new LinkedHashMap<>();
        for (Col c : conflict) key.put(c.field, v[c.index]);
        return findBy(key).orElseThrow(() -> new DbException("upsert of " + model.name + " stored no row matching " + key));
    }

    public CompletionStage<T> upsertAsync(T entity, String... uniqueFields) {
        return engine.async(() -> upsert(entity, uniqueFields));
    }

    // ---- relations: explicit eager loading, one query per relation (no N+1) ----

    /**
     * The rows with these ids, in one query per 1000 ids: a map from each id (as given) to its row;
     * ids with no row are left out.
     */
    public <K> Map<K, T> findAll(Collection<K> ids) {
        Map<Object, K> wanted = new LinkedHashMap<>();
        for (K k : ids) {
            if (k != null) wanted.putIfAbsent(model.id.normalize(k), k);
        }
        Map<K, T> out = new LinkedHashMap<>();
        List<Object> keys = new ArrayList<>(wanted.keySet());
        for (int from = 0; from < keys.size(); from += IN_CHUNK) {
            List<Object> chunk = keys.subList(from, Math.min(keys.size(), from + IN_CHUNK));
            for (T row : where(Q.in(model.id.field, chunk)).all()) {
                out.put(wanted.get(model.get(row, model.id)), row);
            }
        }
        return out;
    }

    public <K> CompletionStage<Map<K, T>> findAllAsync(Collection<K> ids) {
        return engine.async(() -> findAll(ids));
    }

    /**
     * Belongs-to, loaded eagerly: the rows of this table that {@code children} point to through
     * {@code foreignKey}, in one query, as a map from foreign key value to row.
     *
     * <pre>{@code
     * List<Post> recent = posts.orderBy("-id").limit(20).all();       // 1 query
     * Map<Long, User> authors = users.belongsTo(recent, Post::authorId); // 1 query, not 20
     * recent.forEach(p -> render(p, authors.get(p.authorId())));
     * }</pre>
     */
    public <C, K> Map<K, T> belongsTo(Collection<C> children, java.util.function.Function<? super C, K> foreignKey) {
        List<K> keys = new ArrayList<>();
        for (C c : children) keys.add(foreignKey.apply(c));
        return findAll(keys);
    }

    public <C, K> CompletionStage<Map<K, T>> belongsToAsync(Collection<C> children, java.util.function.Function<? super C, K> foreignKey) {
        return engine.async(() -> belongsTo(children, foreignKey));
    }

    /**
     * Has-many, loaded eagerly: the rows of this table whose {@code foreignKeyField} points at one
     * of {@code parents}, in one query (per 1000 parents), grouped by parent id (every parent has
     * an entry, empty if it has no rows), each list ordered by id.
     *
     * <pre>{@code
     * List<User> some = users.where(…).all();                                   // 1 query
     * Map<Long, List<Post>> postsOf = posts.hasMany("authorId", some, User::id);  // 1 query
     * }</pre>
     */
    public <P, K> Map<K, List<T>> hasMany(String foreignKeyField, Collection<P> parents, java.util.function.Function<? super P, K> parentId) {
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
            for (T row : where(Q.in(fk.field, chunk)).orderBy(model.id.field).all()) {
                out.get(wanted.get(model.get(row, fk))).add(row);
            }
        }
        return out;
    }

    public <P, K> CompletionStage<Map<K, List<T>>> hasManyAsync(String foreignKeyField, Collection<P> parents,
                                                                java.util.function.Function<? super P, K> parentId) {
        return engine.async(() -> hasMany(foreignKeyField, parents, parentId));
    }

    private static final int IN_CHUNK = 1000;

    // ---- internals ----

    /** {@code e} naming the column of whichever of {@code rows} was too long for it, if one can tell. */
    private ValueTooLong namingTooLong(ValueTooLong e, List<Object[]> rows) {
        for (Object[] v : rows) {
            ValueTooLong named = namingTooLong(e, v);
            if (named != e) return named;
        }
        return e;
    }

    /** PostgreSQL does not say which column was too long; the values tell. */
    private ValueTooLong namingTooLong(ValueTooLong e, Object[] v) {
        if (!e.fields().isEmpty()) return e;
        for (Col c : model.columns) {
            if (c.type == ColumnType.STRING && v[c.index] instanceof String s && s.codePointCount(0, s.length()) > c.length) {
                return new ValueTooLong("Field '" + c.field + "' of " + model.name + " is too long (at most " + c.length
                        + " characters)", model.table, List.of(c.field), e.constraint(), e.getCause());
            }
        }
        return e;
    }

    private Object[] prepare(Object[] raw, boolean insert) {
        Object[] v = raw.clone();
        Instant now = insert ? Instant.now() : null;
        for (Col c : model.columns) {
            Object x = c.normalize(v[c.index]);
            if (x == null && insert) {
                if (c.defaultText != null) x = c.defaultValue(now);
                else if (c.id && c.type == ColumnType.UUID) x = UUID.randomUUID();
            }
            v[c.index] = x;
        }
        return v;
    }

    private static List<Param> params(List<Col> cols, Object[] v) {
        List<Param> p = new ArrayList<>(cols.size() + 1);
        for (Col c : cols) p.add(new Param(v[c.index], c.type));
        return p;
    }

    private Q match(Map<String, ?> fields) {
        if (fields.isEmpty()) throw new IllegalArgumentException("no fields to match");
        List<Q> parts = new ArrayList<>();
        fields.forEach((k, val) -> parts.add(Q.eq(k, val)));
        return Q.and(parts.toArray(Q[]::new));
    }

    private static final MethodHandle COLUMN_READ;

    static {
        try {
            COLUMN_READ = MethodHandles.publicLookup().findVirtual(Codec.ColReader.class, "read",
                    MethodType.methodType(Object.class, ResultSet.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * For a record, one method handle that reads a row of {@link #selectSql} straight into the
     * canonical constructor: a primitive field through the driver's primitive getter (no boxing,
     * no array of values), a string through {@code getString}, anything else through its column
     * reader. Null for a class model, whose fields are set one by one.
     */
    private static MethodHandle recordReader(ModelInfo<?> model, Codec.ColReader[] readers) {
        if (model.recordConstructor == null) return null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            int n = model.columns.size();
            MethodHandle[] columns = new MethodHandle[n];
            for (int i = 0; i < n; i++) {
                Col c = model.columns.get(i);
                MethodHandle get;
                if (c.primitive) {
                    String name = "get" + Character.toUpperCase(c.javaType.getName().charAt(0)) + c.javaType.getName().substring(1);
                    get = lookup.findVirtual(ResultSet.class, name, MethodType.methodType(c.javaType, int.class));
                } else if (c.type == ColumnType.STRING || c.type == ColumnType.TEXT) {
                    get = lookup.findVirtual(ResultSet.class, "getString", MethodType.methodType(String.class, int.class));
                } else {
                    get = COLUMN_READ.bindTo(readers[i]).asType(MethodType.methodType(c.javaType, ResultSet.class, int.class));
                }
                columns[i] = MethodHandles.insertArguments(get, 1, i + 1);
            }
            MethodHandle all = MethodHandles.filterArguments(model.recordConstructor, 0, columns);
            return MethodHandles.permuteArguments(all, MethodType.methodType(model.type, ResultSet.class), new int[n])
                    .asType(MethodType.methodType(Object.class, ResultSet.class));
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            return null; // the generic reader below does the same, a little slower
        }
    }

    /** Reads a row selected with {@link #selectSql}'s columns, in order. */
    @SuppressWarnings("unchecked")
    T read(ResultSet rs) throws SQLException {
        if (recordReader != null) {
            try {
                return (T) (Object) recordReader.invokeExact(rs);
            } catch (SQLException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        Codec.ColReader[] r = readers;
        Object[] v = new Object[r.length];
        for (int i = 0; i < v.length; i++) v[i] = r[i].read(rs, i + 1);
        return model.newEntity(v);
    }

    /** A reader for rows of any SELECT: columns are matched to fields by name (column or field name); others are ignored. */
    RowReader<T> labelReader(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        Col[] at = new Col[n + 1];
        for (int i = 1; i <= n; i++) {
            String label = md.getColumnLabel(i);
            Col c = model.byColumn(label);
            if (c == null) {
                for (Col x : model.columns) {
                    if (x.field.equalsIgnoreCase(label)) c = x;
                }
            }
            at[i] = c;
        }
        return rs -> {
            Object[] v = new Object[model.columns.size()];
            for (int i = 1; i <= n; i++) {
                if (at[i] != null) v[at[i].index] = readers[at[i].index].read(rs, i);
            }
            return model.newEntity(v);
        };
    }

    @Override
    public String toString() {
        return "Table[" + model.name + " -> " + model.table + " on " + engine.dialect.name() + "]";
    }
}
