package dev.duet;

/** One middleware of a chain, with its kind fixed when it was registered. */
sealed interface Link {
    record Blocking(Middleware middleware) implements Link {
    }

    record Async(AsyncMiddleware middleware) implements Link {
        String label() {
            return "async middleware " + middleware;
        }
    }
}
