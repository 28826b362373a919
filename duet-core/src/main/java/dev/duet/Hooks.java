package dev.duet;

import java.util.concurrent.CompletionStage;

/**
 * The hook kinds, each blocking or async. Before hooks run after middleware, just before the
 * handler, and may stop the request by throwing (e.g. {@link HttpError}); after hooks see (and
 * may change) every response the handler or an error handler produced; teardown hooks always run,
 * last, with the error that ended the request or null.
 */
public final class Hooks {
    private Hooks() {
    }

    /** A blocking before hook: may block; throws (e.g. an {@link HttpError}) to stop the request. */
    @FunctionalInterface
    public interface Before {
        /** Looks at (or annotates, with {@link Request#attribute(String, Object)}) the request before its handler. */
        void before(Request req) throws Exception;
    }

    /** An async before hook: never blocks; a failed stage stops the request like a throw. */
    @FunctionalInterface
    public interface AsyncBefore {
        /** Starts the hook's work; the handler runs once the stage completes. */
        CompletionStage<?> before(Request req) throws Exception;
    }

    /** A blocking after hook: sees and may change each response before middleware does. */
    @FunctionalInterface
    public interface After {
        /** Looks at or changes {@code res}, the handler's response or an error handler's. */
        void after(Request req, Response res) throws Exception;
    }

    /** An async after hook: never blocks. */
    @FunctionalInterface
    public interface AsyncAfter {
        /** Starts the hook's work on {@code res}; the response goes on once the stage completes. */
        CompletionStage<?> after(Request req, Response res) throws Exception;
    }

    /** A blocking teardown hook: runs last, once, whatever happened; what it throws is logged. */
    @FunctionalInterface
    public interface Teardown {
        /** Releases what the request held; {@code error} ended it, or null if it succeeded. */
        void teardown(Request req, Throwable error) throws Exception;
    }

    /** An async teardown hook: never blocks; a failed stage is logged. */
    @FunctionalInterface
    public interface AsyncTeardown {
        /** Starts releasing what the request held; {@code error} ended it, or null. */
        CompletionStage<?> teardown(Request req, Throwable error) throws Exception;
    }
}
