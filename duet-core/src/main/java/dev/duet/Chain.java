package dev.duet;

import java.util.List;

/**
 * A route's compiled chain, built once when the app starts: middleware (outermost first), then the
 * front steps (before hooks, the handler), then the after hooks.
 */
record Chain(String pattern, Object[] middleware, Step[] front, Step[] after, long timeoutNanos) {
    static Chain of(String pattern, List<Object> middleware, List<Step> front, List<Step> after, long timeoutNanos) {
        return new Chain(pattern, middleware.toArray(), front.toArray(Step[]::new), after.toArray(Step[]::new), timeoutNanos);
    }
}
