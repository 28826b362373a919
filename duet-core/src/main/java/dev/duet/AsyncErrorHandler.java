package dev.duet;

import java.util.concurrent.CompletionStage;

/** Turns an exception into a response without blocking. */
@FunctionalInterface
public interface AsyncErrorHandler<E extends Throwable> {
    /** Starts answering {@code req}, which failed with {@code error}, without blocking. */
    CompletionStage<?> handle(Request req, E error) throws Exception;
}
