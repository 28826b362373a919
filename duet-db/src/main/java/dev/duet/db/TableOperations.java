package dev.duet.db;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every operation of a {@link Table}, each with its async twin. {@link Table} implements the
 * blocking ones; each twin {@code fooAsync(…)} is {@code foo(…)} run through the table's
 * {@link Database#async(Database.Work)}, on a virtual thread bounded by the pool, and nothing else,
 * so a twin cannot drift from its original (a test checks every pair).
 *
 * <p>{@link Table} is its implementation; the interface exists so that each twin is written once,
 * beside its original. (It is not sealed so that a test can run every twin against a stand-in
 * that records the blocking calls.)
 *
 * @param <T> the model
 */
public interface TableOperations<T> {

    /** The database this table belongs to, whose {@link Database#async(Database.Work)} runs the twins. */
    Database database();

    // ---- reading ----

    /** Every row (in the database's order). */
    List<T> all();

    /** The async twin of {@link #all()}. */
    default CompletionStage<List<T>> allAsync() {
        return database().async(this::all);
    }

    /** The row with this id, if any (get-or-none). */
    Optional<T> find(Object id);

    /** The async twin of {@link #find(Object)}. */
    default CompletionStage<Optional<T>> findAsync(Object id) {
        return database().async(() -> find(id));
    }

    /** The row with this id; {@link NotFound} (HTTP 404 with {@link DuetDb#install}) if there is none. */
    T get(Object id);

    /** The async twin of {@link #get(Object)}. */
    default CompletionStage<T> getAsync(Object id) {
        return database().async(() -> get(id));
    }

    /** The one row whose {@code field} equals {@code value}, if any; a {@link DbException} if several match. */
    Optional<T> findBy(String field, Object value);

    /** The async twin of {@link #findBy(String, Object)}. */
    default CompletionStage<Optional<T>> findByAsync(String field, Object value) {
        return database().async(() -> findBy(field, value));
    }

    /** The one row whose fields equal all of {@code fields}, if any; a {@link DbException} if several match. */
    Optional<T> findBy(Map<String, ?> fields);

    /** The async twin of {@link #findBy(Map)}. */
    default CompletionStage<Optional<T>> findByAsync(Map<String, ?> fields) {
        return database().async(() -> findBy(fields));
    }

    /** The one row matching {@code q}, if any; a {@link DbException} if several match. */
    Optional<T> findBy(Q q);

    /** The async twin of {@link #findBy(Q)}. */
    default CompletionStage<Optional<T>> findByAsync(Q q) {
        return database().async(() -> findBy(q));
    }

    /** The row with the smallest id, if any. */
    Optional<T> first();

    /** The async twin of {@link #first()}. */
    default CompletionStage<Optional<T>> firstAsync() {
        return database().async(this::first);
    }

    /** The first row (by id) matching {@code q}, if any. */
    Optional<T> first(Q q);

    /** The async twin of {@link #first(Q)}. */
    default CompletionStage<Optional<T>> firstAsync(Q q) {
        return database().async(() -> first(q));
    }

    /** How many rows the table has. */
    long count();

    /** The async twin of {@link #count()}. */
    default CompletionStage<Long> countAsync() {
        return database().async(this::count);
    }

    /** How many rows match {@code q}. */
    long count(Q q);

    /** The async twin of {@link #count(Q)}. */
    default CompletionStage<Long> countAsync(Q q) {
        return database().async(() -> count(q));
    }

    /** Whether the table has any row. */
    boolean exists();

    /** The async twin of {@link #exists()}. */
    default CompletionStage<Boolean> existsAsync() {
        return database().async(this::exists);
    }

    /** Whether any row matches {@code q}. */
    boolean exists(Q q);

    /** The async twin of {@link #exists(Q)}. */
    default CompletionStage<Boolean> existsAsync(Q q) {
        return database().async(() -> exists(q));
    }

    /** Page {@code number} (from 1) of every row by id, {@code size} rows a page, with the total. */
    Page<T> page(int number, int size);

    /** The async twin of {@link #page(int, int)}. */
    default CompletionStage<Page<T>> pageAsync(int number, int size) {
        return database().async(() -> page(number, size));
    }

    /** Only {@code fields} of every row, as maps from field name to value. */
    List<Map<String, Object>> values(String... fields);

    /** The async twin of {@link #values(String...)}. */
    default CompletionStage<List<Map<String, Object>>> valuesAsync(String... fields) {
        return database().async(() -> values(fields));
    }

    /** One field of every row, as the field's Java type. */
    <V> List<V> pluck(String field);

    /** The async twin of {@link #pluck(String)}. */
    default <V> CompletionStage<List<V>> pluckAsync(String field) {
        return database().async(() -> pluck(field));
    }

    // ---- writing ----

    /**
     * Inserts {@code entity} and returns it as stored: with its generated id (a record is copied;
     * a class instance gets its id field set and is returned), {@link Default}s filled in, instants
     * cut to microseconds and decimals to their scale, so it equals what {@link #find} returns.
     * A duplicate unique value fails with {@link UniqueViolation}, a missing value with
     * {@link NotNullViolation}.
     */
    T create(T entity);

    /** The async twin of {@link #create(Object)}. */
    default CompletionStage<T> createAsync(T entity) {
        return database().async(() -> create(entity));
    }

    /** Creates a row from field values, as {@code User.create(name=..., email=...)} does in Python ORMs. */
    T create(Map<String, ?> fields);

    /** The async twin of {@link #create(Map)}. */
    default CompletionStage<T> createAsync(Map<String, ?> fields) {
        return database().async(() -> create(fields));
    }

    /**
     * Stores {@code entity}: inserts it if its id is unset (null, or 0), else updates the row with
     * that id (inserting it if there is none). Returns it as stored, like {@link #create}.
     */
    T save(T entity);

    /** The async twin of {@link #save(Object)}. */
    default CompletionStage<T> saveAsync(T entity) {
        return database().async(() -> save(entity));
    }

    /**
     * Updates existing rows, each as {@link #save} updates one (every field but the id, found by
     * the id), and returns them as stored, in order; all rows or none. On PostgreSQL, up to
     * {@link DbConfig#maxRowsInOneUpdate()} rows (1000) go in one statement that is all-or-nothing
     * by itself: one round trip, no transaction, the rows sent in id order. Otherwise (more
     * rows, MySQL/MariaDB, SQLite) one {@code UPDATE} per row, sent in JDBC batches of 1000 in one
     * transaction: one round trip for the lot, plus one for the {@code COMMIT}. Inside a
     * transaction either runs in a savepoint, so a failure leaves the transaction usable. An id
     * given twice ends with its last values, as if the rows were updated in turn. When concurrent
     * callers may update the same rows in batches, pass them in id order, so that their row locks
     * are taken in one order and cannot deadlock.
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
    List<T> updateAll(Collection<? extends T> entities);

    /** The async twin of {@link #updateAll(Collection)}. */
    default CompletionStage<List<T>> updateAllAsync(Collection<? extends T> entities) {
        return database().async(() -> updateAll(entities));
    }

    /** Deletes {@code entity}'s row; false if there was none. */
    boolean delete(T entity);

    /** The async twin of {@link #delete(Object)}. */
    default CompletionStage<Boolean> deleteAsync(T entity) {
        return database().async(() -> delete(entity));
    }

    /** Deletes the row with this id; false if there was none. */
    boolean deleteById(Object id);

    /** The async twin of {@link #deleteById(Object)}. */
    default CompletionStage<Boolean> deleteByIdAsync(Object id) {
        return database().async(() -> deleteById(id));
    }

    /** Deletes every row; returns how many. */
    int deleteAll();

    /** The async twin of {@link #deleteAll()}. */
    default CompletionStage<Integer> deleteAllAsync() {
        return database().async(this::deleteAll);
    }

    /**
     * The one row matching {@code lookup}, or a new one made from {@code lookup} and
     * {@code defaults}. Safe under races: if another caller creates the same row first (a
     * {@link UniqueViolation}), that row is returned.
     */
    Saved<T> getOrCreate(Map<String, ?> lookup, Map<String, ?> defaults);

    /** The async twin of {@link #getOrCreate(Map, Map)}. */
    default CompletionStage<Saved<T>> getOrCreateAsync(Map<String, ?> lookup, Map<String, ?> defaults) {
        return database().async(() -> getOrCreate(lookup, defaults));
    }

    /** The one row matching {@code lookup}, or {@code create.get()} stored. */
    Saved<T> getOrCreate(Map<String, ?> lookup, Supplier<? extends T> create);

    /** The async twin of {@link #getOrCreate(Map, Supplier)}. */
    default CompletionStage<Saved<T>> getOrCreateAsync(Map<String, ?> lookup, Supplier<? extends T> create) {
        return database().async(() -> getOrCreate(lookup, create));
    }

    /**
     * Sets {@code values} on the one row matching {@code lookup}, or creates it from {@code lookup}
     * and {@code values}; in a transaction, retried once if a concurrent caller created it first.
     */
    Saved<T> updateOrCreate(Map<String, ?> lookup, Map<String, ?> values);

    /** The async twin of {@link #updateOrCreate(Map, Map)}. */
    default CompletionStage<Saved<T>> updateOrCreateAsync(Map<String, ?> lookup, Map<String, ?> values) {
        return database().async(() -> updateOrCreate(lookup, values));
    }

    /**
     * Inserts many rows in JDBC batches, in one transaction (all or none); returns how many. The
     * fastest bulk insert: the generated ids are not read back ({@link #createAll} does that).
     */
    int insertAll(Collection<? extends T> entities);

    /** The async twin of {@link #insertAll(Collection)}. */
    default CompletionStage<Integer> insertAllAsync(Collection<? extends T> entities) {
        return database().async(() -> insertAll(entities));
    }

    /**
     * Inserts many rows in one transaction (all or none) and returns them as stored, in order, each
     * as {@link #create} would: with its generated id (records copied, class instances set in
     * place) and its defaults. PostgreSQL and MySQL/MariaDB send them in JDBC batches of 1000 and
     * read the generated keys back; SQLite, which runs in process, inserts them one by one on one
     * prepared statement.
     */
    List<T> createAll(Collection<? extends T> entities);

    /** The async twin of {@link #createAll(Collection)}. */
    default CompletionStage<List<T>> createAllAsync(Collection<? extends T> entities) {
        return database().async(() -> createAll(entities));
    }

    /**
     * Inserts {@code entity}, or, if a row with the same {@code uniqueFields} exists (they must
     * carry a unique constraint; the id if none are named), updates that row's other fields; one
     * statement ({@code ON CONFLICT … DO UPDATE} / {@code ON DUPLICATE KEY UPDATE}). Returns the row
     * as stored. (MySQL applies it on a clash with any unique key, not only the one named.)
     */
    T upsert(T entity, String... uniqueFields);

    /** The async twin of {@link #upsert(Object, String...)}. */
    default CompletionStage<T> upsertAsync(T entity, String... uniqueFields) {
        return database().async(() -> upsert(entity, uniqueFields));
    }

    // ---- relations: explicit eager loading, one query per relation (no N+1) ----

    /**
     * The rows with these ids, in one query per 1000 ids: a map from each id (as given) to its row;
     * ids with no row are left out.
     */
    <K> Map<K, T> findAll(Collection<K> ids);

    /** The async twin of {@link #findAll(Collection)}. */
    default <K> CompletionStage<Map<K, T>> findAllAsync(Collection<K> ids) {
        return database().async(() -> findAll(ids));
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
    <C, K> Map<K, T> belongsTo(Collection<C> children, Function<? super C, K> foreignKey);

    /** The async twin of {@link #belongsTo(Collection, Function)}. */
    default <C, K> CompletionStage<Map<K, T>> belongsToAsync(Collection<C> children, Function<? super C, K> foreignKey) {
        return database().async(() -> belongsTo(children, foreignKey));
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
    <P, K> Map<K, List<T>> hasMany(String foreignKeyField, Collection<P> parents, Function<? super P, K> parentId);

    /** The async twin of {@link #hasMany(String, Collection, Function)}. */
    default <P, K> CompletionStage<Map<K, List<T>>> hasManyAsync(String foreignKeyField, Collection<P> parents,
                                                                 Function<? super P, K> parentId) {
        return database().async(() -> hasMany(foreignKeyField, parents, parentId));
    }
}
