package dev.duet.db;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Every aggregate of a {@link Grouped} query, each with its async twin: one statement
 * ({@code SELECT …, COUNT(*) … GROUP BY …}) giving a row per group, as a map from each grouped
 * field to its value, plus the aggregate under its own name ({@code "count"}, {@code "sum"},
 * {@code "avg"}, {@code "min"} or {@code "max"}). Groups come ordered by the grouped fields.
 *
 * <p>{@link Grouped} is its implementation; the interface exists so that each twin is written
 * once, beside its original. (It is not sealed so that a test can run every twin against a
 * stand-in that records the blocking calls.)
 *
 * @param <T> the model
 */
public interface GroupedOperations<T> {

    /** The database the query runs on, whose {@link Database#async(Database.Work)} runs the twins. */
    Database database();

    /** How many rows each group has: {@code [{authorId=1, count=3}, …]}, a {@code Long} each. */
    List<Map<String, Object>> count();

    /** The async twin of {@link #count()}. */
    default CompletionStage<List<Map<String, Object>>> countAsync() {
        return database().async(this::count);
    }

    /**
     * The sum of a numeric field in each group, under {@code "sum"}: a {@code Long} for int/long
     * fields, {@code Double} for double, {@code BigDecimal} for decimals (0 if the group's values
     * are all null).
     */
    List<Map<String, Object>> sum(String field);

    /** The async twin of {@link #sum(String)}. */
    default CompletionStage<List<Map<String, Object>>> sumAsync(String field) {
        return database().async(() -> sum(field));
    }

    /** The average of a numeric field in each group, under {@code "avg"}: a {@code Double}, null if all its values are null. */
    List<Map<String, Object>> avg(String field);

    /** The async twin of {@link #avg(String)}. */
    default CompletionStage<List<Map<String, Object>>> avgAsync(String field) {
        return database().async(() -> avg(field));
    }

    /** The smallest value of a field in each group, under {@code "min"}, as the field's Java type. */
    List<Map<String, Object>> min(String field);

    /** The async twin of {@link #min(String)}. */
    default CompletionStage<List<Map<String, Object>>> minAsync(String field) {
        return database().async(() -> min(field));
    }

    /** The largest value of a field in each group, under {@code "max"}, as the field's Java type. */
    List<Map<String, Object>> max(String field);

    /** The async twin of {@link #max(String)}. */
    default CompletionStage<List<Map<String, Object>>> maxAsync(String field) {
        return database().async(() -> max(field));
    }
}
