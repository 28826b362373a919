package dev.duet;

import java.util.concurrent.CompletionStage;

/**
 * One link of a request's sequence (a hook, a handler, an error handler, a teardown hook), with
 * its kind fixed when it was registered. It takes what the link before it produced ({@code I}:
 * the response so far, or the error being handled) and produces {@code O}.
 */
sealed interface Step<I, O> {
    String label();

    record Blocking<I, O>(String label, Fn<I, O> fn) implements Step<I, O> {
    }

    record Async<I, O>(String label, AsyncFn<I, O> fn) implements Step<I, O> {
    }

    @FunctionalInterface
    interface Fn<I, O> {
        O apply(Request req, I input) throws Exception;
    }

    @FunctionalInterface
    interface AsyncFn<I, O> {
        CompletionStage<? extends O> apply(Request req, I input) throws Exception;
    }
}
