package dev.duet;

/**
 * A blocking handler: plain code that may block (JDBC, files, {@code Thread.sleep}, a blocking
 * HTTP call). Duet never runs it on an event loop; on the Netty core it runs on a virtual thread.
 *
 * <p>It returns what the client gets: a {@code String} (text/html if it starts with {@code <},
 * text/plain otherwise), {@code byte[]}, a {@link Response}, an {@code Optional} (empty = 404),
 * {@code null} (204), or any other object, written as JSON.
 *
 * <pre>{@code
 * app.get("/users", req -> User.all());          // blocking: the default
 * }</pre>
 *
 * @see AsyncHandler for code that returns a {@code CompletionStage} and never blocks
 */
@FunctionalInterface
public interface Handler {
    /** Answers {@code req}; may block. The value is mapped to a response as described above. */
    Object handle(Request req) throws Exception;
}
