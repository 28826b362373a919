package dev.duet;

import java.util.concurrent.CompletionStage;

/** The rest of the chain, as an {@link AsyncMiddleware} sees it. */
@FunctionalInterface
public interface AsyncNext {
    /** Starts the rest of the chain; the stage completes with its response. */
    CompletionStage<Response> proceed();
}
