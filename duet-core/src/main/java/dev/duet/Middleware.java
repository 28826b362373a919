package dev.duet;

/**
 * Blocking middleware: wraps the rest of the chain, may block, runs on a virtual thread.
 * The response it gets from {@code next} is never an exception for a handler's error: error
 * handlers have already turned that into a response (its {@link Response#cause()} says why).
 *
 * <pre>{@code
 * app.use((req, next) -> {
 *     long start = System.nanoTime();
 *     Response res = next.proceed();
 *     return res.header("X-Elapsed-Micros", Long.toString((System.nanoTime() - start) / 1000));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {
    /** Answers {@code req}, usually by calling {@code next.proceed()} and returning (or changing) its response. */
    Response handle(Request req, Next next) throws Exception;
}
