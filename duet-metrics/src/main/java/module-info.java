// Micrometer ships no module descriptors (its jars name automatic modules), which javac warns
// about; apps pass their own registry in, so its types are handed on.
/**
 * Micrometer metrics for Duet apps: {@link dev.duet.metrics.DuetMetrics} records requests by route
 * pattern, method, status class and handler kind, with gauges for in-flight requests, the CPU pool,
 * background tasks, virtual threads, the core's connections and event loops (with lag probes),
 * WebSockets and event streams, and serves a Prometheus scrape endpoint.
 * {@code dev.duet.metrics.internal} is not exported.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.duet.metrics {
    exports dev.duet.metrics;

    requires transitive dev.duet.core;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;
    requires jdk.management;
    requires static dev.duet.db; // DatabaseMetrics only
}
