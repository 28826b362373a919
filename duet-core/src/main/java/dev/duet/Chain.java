package dev.duet;

/**
 * A route's compiled chain, built once when the app is frozen: middleware (outermost first), then
 * the front steps (before hooks, outermost first, then the handler), then the after hooks
 * (innermost first), the route's CORS policy (or null), and whether its responses may be compressed. Every array is private to the chain and never changed.
 */
record Chain(String pattern, Link[] middleware, Step<Response, Response>[] front, Step<Response, Response>[] after,
             long timeoutNanos, Cors cors, boolean compress) {
}
