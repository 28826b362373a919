package dev.duet;

import java.util.concurrent.CompletionStage;

/**
 * One link of a request's sequence (a hook, a handler, an error handler), with its kind fixed when
 * it was registered. The input is the previous step's output (a Response, or an error).
 */
sealed interface Step {
    String label();

    record Blocking(String label, Fn fn) implements Step {
    }

    record Async(String label, AsyncFn fn) implements Step {
    }

    @FunctionalInterface
    interface Fn {
        Object apply(Request req, Object input) throws Exception;
    }

    @FunctionalInterface
    interface AsyncFn {
        CompletionStage<?> apply(Request req, Object input) throws Exception;
    }
}
