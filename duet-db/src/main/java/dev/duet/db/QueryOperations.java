package dev.duet.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;

/**
 * Every terminal operation of a {@link Query}, each with its async twin. {@link Query} implements
 * the blocking ones; each twin {@code fooAsync(…)} is {@code foo(…)} run through the database's
 * {@link Database#async(Database.Work)}, and nothing else (a test checks every pair).
 *
 * <p>{@link Query} is its implementation; the interface exists so that each twin is written once,
 * beside its original. (It is not sealed so that a test can run every twin against a stand-in
 * that records the blocking calls.)
 *
 * @param <T> the model
 */
public interface QueryOperations<T> {

    /** The database the query runs on, whose {@link Database#async(Database.Work)} runs the twins. */
    Database database();

    // ---- rows ----

    /** The matching rows. Without {@link Query#orderBy} their order is the database's. */
    List<T> all();

    /** The async twin of {@link #all()}. */
    default CompletionStage<List<T>> allAsync() {
        return database().async(this::all);
    }

    /** The first matching row (by id unless ordered otherwise), if any. */
    Optional<T> first();

    /** The async twin of {@link #first()}. */
    default CompletionStage<Optional<T>> firstAsync() {
        return database().async(this::first);
    }

    /** The one matching row, if any; fails with a {@link DbException} if several match. */
    Optional<T> find();

    /** The async twin of {@link #find()}. */
    default CompletionStage<Optional<T>> findAsync() {
        return database().async(this::find);
    }

    /** The one matching row; {@link NotFound} if none, a {@link DbException} if several. */
    T one();

    /** The async twin of {@link #one()}. */
    default CompletionStage<T> oneAsync() {
        return database().async(this::one);
    }

    /** How many rows match (within {@link Query#limit}/{@link Query#offset}, if set). */
    long count();

    /** The async twin of {@link #count()}. */
    default CompletionStage<Long> countAsync() {
        return database().async(this::count);
    }

    /** Whether any row matches. */
    boolean exists();

    /** The async twin of {@link #exists()}. */
    default CompletionStage<Boolean> existsAsync() {
        return database().async(this::exists);
    }

    /** A page of the matching rows (numbered from 1, ordered by id unless ordered otherwise), with the total count. */
    Page<T> page(int number, int size);

    /** The async twin of {@link #page(int, int)}. */
    default CompletionStage<Page<T>> pageAsync(int number, int size) {
        return database().async(() -> page(number, size));
    }

    // ---- columns ----

    /** Only {@code fields} of the matching rows, as maps from field name to value (all fields if none named). */
    List<Map<String, Object>> values(String... fields);

    /** The async twin of {@link #values(String...)}. */
    default CompletionStage<List<Map<String, Object>>> valuesAsync(String... fields) {
        return database().async(() -> values(fields));
    }

    /** One field of the matching rows, as the field's Java type (boxed): {@code List<String> emails = q.pluck("email")}. */
    <V> List<V> pluck(String field);

    /** The async twin of {@link #pluck(String)}. */
    default <V> CompletionStage<List<V>> pluckAsync(String field) {
        return database().async(() -> pluck(field));
    }

    /**
     * How many matching rows have each value of {@code field}, in one statement
     * ({@code GROUP BY}): a map from value (as the field's Java type) to count, in the field's
     * order; values no row has are absent. Favourites per article, for a page of articles:
     * {@code favorites.where(in("articleId", ids)).countBy("articleId")}. Refused, as
     * {@link Query#groupBy} is, on a query with {@code orderBy}, {@code limit} or {@code offset}.
     */
    <K> Map<K, Long> countBy(String field);

    /** The async twin of {@link #countBy(String)}. */
    default <K> CompletionStage<Map<K, Long>> countByAsync(String field) {
        return database().async(() -> countBy(field));
    }

    // ---- aggregates (over the matching rows; order, limit and offset do not apply) ----

    /** The sum of a numeric field: a {@code Long} for int/long fields, {@code Double} for double, {@code BigDecimal} for decimals; 0 if no rows. */
    Number sum(String field);

    /** The async twin of {@link #sum(String)}. */
    default CompletionStage<Number> sumAsync(String field) {
        return database().async(() -> sum(field));
    }

    /** The average of a numeric field; empty if no rows. */
    OptionalDouble avg(String field);

    /** The async twin of {@link #avg(String)}. */
    default CompletionStage<OptionalDouble> avgAsync(String field) {
        return database().async(() -> avg(field));
    }

    /** The smallest value of a field, as its Java type; empty if no rows (or all null). */
    <V> Optional<V> min(String field);

    /** The async twin of {@link #min(String)}. */
    default <V> CompletionStage<Optional<V>> minAsync(String field) {
        return database().async(() -> min(field));
    }

    /** The largest value of a field, as its Java type; empty if no rows (or all null). */
    <V> Optional<V> max(String field);

    /** The async twin of {@link #max(String)}. */
    default <V> CompletionStage<Optional<V>> maxAsync(String field) {
        return database().async(() -> max(field));
    }

    // ---- writes ----

    /** Sets {@code field} to {@code value} on every matching row; returns how many rows matched. */
    int update(String field, Object value);

    /** The async twin of {@link #update(String, Object)}. */
    default CompletionStage<Integer> updateAsync(String field, Object value) {
        return database().async(() -> update(field, value));
    }

    /** Sets the fields in {@code values} on every matching row; returns how many rows matched. */
    int update(Map<String, ?> values);

    /** The async twin of {@link #update(Map)}. */
    default CompletionStage<Integer> updateAsync(Map<String, ?> values) {
        return database().async(() -> update(values));
    }

    /**
     * Deletes every matching row; returns how many. Refuses a query without {@code where} (use
     * {@link Table#deleteAll()} to mean it).
     */
    int delete();

    /** The async twin of {@link #delete()}. */
    default CompletionStage<Integer> deleteAsync() {
        return database().async(this::delete);
    }
}
