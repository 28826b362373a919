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

    @FunctionalInterface
    public interface Before {
        void before(Request req) throws Exception;
    }

    @FunctionalInterface
    public interface AsyncBefore {
        CompletionStage<?> before(Request req) throws Exception;
    }

    @FunctionalInterface
    public interface After {
        void after(Request req, Response res) throws Exception;
    }

    @FunctionalInterface
    public interface AsyncAfter {
        CompletionStage<?> after(Request req, Response res) throws Exception;
    }

    @FunctionalInterface
    public interface Teardown {
        void teardown(Request req, Throwable error) throws Exception;
    }

    @FunctionalInterface
    public interface AsyncTeardown {
        CompletionStage<?> teardown(Request req, Throwable error) throws Exception;
    }
}
