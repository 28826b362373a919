package dev.duet;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;

/**
 * One piece of work for {@link Tasks#parallel} or {@link Tasks#gather}, blocking or async, said
 * so when it is made.
 *
 * <pre>{@code
 * var both = req.tasks().parallel(
 *         Task.blocking(() -> inventory.load(id)),          // runs on its own virtual thread
 *         Task.async(() -> prices.fetchAsync(id)));         // started where the caller is
 * return new Offer(both.first(), both.second());            // each result under its own type
 * }</pre>
 */
public sealed interface Task<T> {
    /** Work that may block; it gets a virtual thread of its own. */
    static <T> Task<T> blocking(Callable<T> work) {
        return new Blocking<>(work);
    }

    /** Work that starts at once and completes later, without blocking. */
    static <T> Task<T> async(AsyncCall<T> work) {
        return new Async<>(work);
    }

    /** The start of async work: returns at once with the stage that completes with its result. */
    @FunctionalInterface
    interface AsyncCall<T> {
        /** Starts the work without blocking. */
        CompletionStage<T> start() throws Exception;
    }

    /** A task made by {@link #blocking}: {@code work} runs on a virtual thread of its own. */
    record Blocking<T>(Callable<T> work) implements Task<T> {
    }

    /** A task made by {@link #async}: {@code work} starts where the caller is. */
    record Async<T>(AsyncCall<T> work) implements Task<T> {
    }
}
