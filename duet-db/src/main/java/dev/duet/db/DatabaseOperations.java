package dev.duet.db;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Every operation of a {@link Database} that talks to the database, each with its async twin.
 * {@link Database} implements the blocking ones; each twin {@code fooAsync(…)} is {@code foo(…)}
 * run through {@link #async(Database.Work)}, and nothing else (a test checks every pair).
 *
 * <p>{@link Database} is its implementation; the interface exists so that each twin is written once,
 * beside its original. (It is not sealed so that a test can run every twin against a stand-in
 * that records the blocking calls.)
 */
public interface DatabaseOperations {

    /**
     * Runs any blocking {@code work} as an async twin: on a virtual thread, bounded by the pool
     * size, with the request's context and the current transaction (see {@link Database#async}).
     */
    <T> CompletionStage<T> async(Database.Work<T> work);

    // ---- schema ----

    /**
     * Creates the tables of {@code models} with their unique constraints, checks and indexes, unless
     * they exist (idempotent; it does not alter an existing table: use migrations for that).
     */
    void createTables(Class<?>... models);

    /** The async twin of {@link #createTables(Class...)}. */
    default CompletionStage<Void> createTablesAsync(Class<?>... models) {
        return async(() -> {
            createTables(models);
            return null;
        });
    }

    /** Drops the tables of {@code models} if they exist (in the order given). */
    void dropTables(Class<?>... models);

    /** The async twin of {@link #dropTables(Class...)}. */
    default CompletionStage<Void> dropTablesAsync(Class<?>... models) {
        return async(() -> {
            dropTables(models);
            return null;
        });
    }

    /**
     * Applies pending Flyway migrations from {@code classpath:db/migration} ({@code V1__init.sql},
     * {@code V2__…}); returns how many were applied.
     */
    int migrate();

    /** The async twin of {@link #migrate()}. */
    default CompletionStage<Integer> migrateAsync() {
        return async(this::migrate);
    }

    /** Applies pending migrations with Flyway configured further by {@code configure} (locations, placeholders, table…). */
    int migrate(Consumer<FluentConfiguration> configure);

    /** The async twin of {@link #migrate(Consumer)}. */
    default CompletionStage<Integer> migrateAsync(Consumer<FluentConfiguration> configure) {
        return async(() -> migrate(configure));
    }

    // ---- transactions ----

    /**
     * Runs {@code work} in a transaction and returns its result: committed if it returns, rolled
     * back if it throws (the exception is rethrown as is). Every ORM call inside, on this thread or
     * in async twins started from it, uses the transaction's connection. A transaction inside
     * another is a savepoint: its failure rolls back only its own work. On SQLite a transaction
     * holds the single writer's turn (BEGIN IMMEDIATE), so transactions never fail with SQLITE_BUSY.
     *
     * <p>On PostgreSQL a failed statement spoils the rest of its transaction: to recover from an
     * expected failure (say a {@link UniqueViolation}) and go on, run that statement in a nested
     * transaction.
     */
    <T> T transaction(Database.Work<T> work);

    /** {@link #transaction(Database.Work)} on a virtual thread (bounded like every async twin). */
    default <T> CompletionStage<T> transactionAsync(Database.Work<T> work) {
        return async(() -> transaction(work));
    }

    /** {@link #transaction(Database.Work)} for work that returns nothing. */
    void transaction(Database.Action work);

    /** The async twin of {@link #transaction(Database.Action)}. */
    default CompletionStage<Void> transactionAsync(Database.Action work) {
        return async(() -> {
            transaction(work);
            return null;
        });
    }

    // ---- raw SQL ----

    /**
     * Runs a SELECT with {@code ?} parameters and maps each row to {@code model}: columns are matched
     * to fields by column or field name; fields with no column stay null (0/false).
     */
    <T> List<T> query(Class<T> model, String sql, Object... params);

    /** The async twin of {@link #query(Class, String, Object...)}. */
    default <T> CompletionStage<List<T>> queryAsync(Class<T> model, String sql, Object... params) {
        return async(() -> query(model, sql, params));
    }

    /**
     * Runs a SELECT with {@code ?} parameters; each row a map from column label to value (timestamps
     * as {@link java.time.Instant}, dates as {@link java.time.LocalDate}, else as the driver gives them).
     */
    List<Map<String, Object>> queryMaps(String sql, Object... params);

    /** The async twin of {@link #queryMaps(String, Object...)}. */
    default CompletionStage<List<Map<String, Object>>> queryMapsAsync(String sql, Object... params) {
        return async(() -> queryMaps(sql, params));
    }

    /** Runs an INSERT, UPDATE, DELETE or DDL statement with {@code ?} parameters; returns the rows changed. */
    int execute(String sql, Object... params);

    /** The async twin of {@link #execute(String, Object...)}. */
    default CompletionStage<Integer> executeAsync(String sql, Object... params) {
        return async(() -> execute(sql, params));
    }
}
