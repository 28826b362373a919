package dev.duet;

import java.util.concurrent.CompletionStage;

/**
 * An async handler: returns at once with a {@code CompletionStage} and never blocks. Duet runs it
 * on the event loop, with no thread of its own; the stage's value is mapped like a
 * {@link Handler}'s return value.
 *
 * <pre>{@code
 * app.getAsync("/slow-async", req -> req.tasks().delay(Duration.ofMillis(100)).thenApply(x -> "done"));
 * }</pre>
 *
 * <p>Blocking inside an async handler stalls every connection on its event loop; in dev mode the
 * watchdog reports the route and the blocking stack.
 */
@FunctionalInterface
public interface AsyncHandler {
    /** Starts answering {@code req} without blocking; the stage's value is mapped like a {@link Handler}'s. */
    CompletionStage<?> handle(Request req) throws Exception;
}
