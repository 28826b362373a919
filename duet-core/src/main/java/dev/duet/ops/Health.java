package dev.duet.ops;

import dev.duet.App;
import dev.duet.Lifecycle;
import dev.duet.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Liveness and readiness probes. Liveness answers 200 while the process serves at all (a failing
 * liveness probe gets a container restarted, so it checks nothing that a restart would not fix).
 * Readiness answers 200 when every registered {@link HealthCheck} passes, and 503 as soon as a stop
 * begins: on SIGTERM readiness fails first, the app keeps serving for {@code shutdownReadinessDelay}
 * so load balancers take it out of rotation, and only then stops accepting and drains.
 *
 * <pre>{@code
 * Health health = Health.install(app);                        // GET /health/live, GET /health/ready
 * health.check("database", database.healthCheck());
 * }</pre>
 *
 * Bodies are small JSON objects, e.g. {@code {"status":"DOWN","checks":{"database":"DOWN"}}}; the
 * reason a check failed goes to the log ({@code dev.duet.health}), not to the (often public) probe.
 */
public final class Health {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.health");

    /** The default time one check may take before it counts as down. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Lifecycle lifecycle;
    private final Duration checkTimeout;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();

    private Health(Lifecycle lifecycle, Duration checkTimeout) {
        this.lifecycle = lifecycle;
        this.checkTimeout = checkTimeout;
    }

    /** Serves {@code GET /health/live} and {@code GET /health/ready} on {@code app}, with a 2 s check timeout. */
    public static Health install(App app) {
        return install(app, "/health/live", "/health/ready", DEFAULT_CHECK_TIMEOUT);
    }

    /**
     * Serves liveness at {@code livePath} and readiness at {@code readyPath}; a check slower than
     * {@code checkTimeout} counts as down. Call before the app starts (routes are fixed then).
     */
    public static Health install(App app, String livePath, String readyPath, Duration checkTimeout) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(checkTimeout, "checkTimeout");
        if (!checkTimeout.isPositive()) {
            throw new IllegalArgumentException("checkTimeout must be positive, was " + checkTimeout);
        }
        if (Objects.equals(livePath, readyPath)) {
            throw new IllegalArgumentException("liveness and readiness need different paths, both were " + livePath);
        }
        Health health = new Health(app.lifecycle(), checkTimeout);
        app.getAsync(livePath, req -> CompletableFuture.completedFuture(json(200, "UP", Map.of())));
        app.get(readyPath, req -> health.readiness());
        app.lifecycle().holdStopForReadiness();
        return health;
    }

    /**
     * Adds a readiness check under {@code name} (may be called after start: a job scheduler that
     * starts later plugs in then). Fails if the name is taken.
     */
    public Health check(String name, HealthCheck check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (name.isBlank()) throw new IllegalArgumentException("a health check needs a name");
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalStateException("a health check named '" + name + "' is already registered");
        }
        return this;
    }

    /** Runs every check now (concurrently, each bounded by the check timeout); the readiness answer. */
    Response readiness() {
        if (lifecycle.stopping()) return json(503, "STOPPING", Map.of());
        Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, CompletableFuture.runAsync(() -> {
            try {
                check.check();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> Thread.ofVirtual().name("duet-health-" + name).start(r))));
        long deadline = System.nanoTime() + checkTimeout.toNanos();
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = true;
        for (var e : running.entrySet()) {
            String outcome = outcome(e.getKey(), e.getValue(), deadline);
            results.put(e.getKey(), outcome);
            up &= outcome.equals("UP");
        }
        // A stop may have begun while the checks ran: say so rather than "UP".
        if (lifecycle.stopping()) return json(503, "STOPPING", results);
        return json(up ? 200 : 503, up ? "UP" : "DOWN", results);
    }

    private String outcome(String name, CompletableFuture<Void> check, long deadline) {
        try {
            check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "UP";
        } catch (TimeoutException e) {
            check.cancel(true);
            log.warn("Health check '{}' took longer than {} ms: counted as down", name, checkTimeout.toMillis());
        } catch (ExecutionException e) {
            log.warn("Health check '{}' failed: {}", name, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "DOWN";
    }

    private static Response json(int status, String overall, Map<String, String> checks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall);
        if (!checks.isEmpty()) body.put("checks", checks);
        return Response.json(body).status(status).header("Cache-Control", "no-store");
    }
}
