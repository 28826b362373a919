package dev.duet;

import java.util.concurrent.CompletionStage;

/**
 * Async middleware: wraps the rest of the chain without blocking, on the event loop.
 *
 * <pre>{@code
 * app.useAsync((req, next) -> next.proceed().thenApply(res -> res.header("X-Frame-Options", "DENY")));
 * }</pre>
 */
@FunctionalInterface
public interface AsyncMiddleware {
    /** Answers {@code req} without blocking, usually by composing on {@code next.proceed()}. */
    CompletionStage<Response> handle(Request req, AsyncNext next) throws Exception;
}
