package dev.duet.ops;

/**
 * One part of an app's readiness: returns if what it checks can serve, throws (with the reason)
 * if not. Runs on a virtual thread, so it may block, but briefly: {@link Health} gives up on it
 * after its check timeout and reports it down.
 *
 * <pre>{@code
 * health.check("database", database.healthCheck());          // duet-db's ready-made check
 * health.check("redis", () -> redis.sync().ping());           // any call that fails when the service is away
 * }</pre>
 */
@FunctionalInterface
public interface HealthCheck {
    /** Returns normally when healthy; throws when not, its message saying why (logged, not served). */
    void check() throws Exception;
}
