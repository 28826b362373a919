package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Response;
import dev.duet.metrics.internal.RequestMeters;
import dev.duet.metrics.internal.ServerMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jdk.management.VirtualThreadSchedulerMXBean;

import java.lang.management.ManagementFactory;
import java.util.Objects;

/**
 * Micrometer metrics for an app. {@link #install} adds, to any {@link MeterRegistry}:
 * <ul>
 *   <li>{@code duet.requests} (Prometheus: {@code duet_requests_seconds}), a timer with a latency
 *       histogram, tagged {@code method}, {@code route} (the route's pattern, e.g.
 *       {@code /users/{id:int}}, never the raw path; {@code UNMATCHED} for every request no route
 *       matched), {@code status} ({@code 2xx}...) and {@code kind} ({@code blocking}, {@code async},
 *       or {@code none} when no handler ran);</li>
 *   <li>gauges {@code duet.requests.active}, {@code duet.background.tasks}, {@code duet.cpu.busy},
 *       {@code duet.cpu.queued}, and the JDK's virtual-thread scheduler figures
 *       {@code jvm.threads.virtual.mounted}, {@code .queued}, {@code .parallelism};</li>
 *   <li>WebSockets: {@code duet.websocket.open}, {@code .queued} (bytes), {@code .messages}
 *       ({@code direction} in/out), {@code .sends.refused}, {@code .closed} ({@code cause} slow,
 *       dead, lost, handshake); open event streams, {@code duet.sse.open};</li>
 *   <li>once started, the core's: {@code duet.connections.open}, and per event loop (tag
 *       {@code loop}) {@code duet.eventloop.tasks.pending}, {@code duet.eventloop.lag} and
 *       {@code .lag.max} (see {@link MetricsSettings#loopLagInterval()});</li>
 *   <li>Micrometer's JVM and process binders (memory, GC, threads, classes, CPU, uptime).</li>
 * </ul>
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = DuetMetrics.prometheus(app);    // all of the above, scraped at GET /metrics
 * registry.counter("signups").increment();                            // the app's own meters, same registry
 * }</pre>
 */
public final class DuetMetrics {
    /** The default path of the Prometheus endpoint. */
    public static final String DEFAULT_PATH = "/metrics";

    private DuetMetrics() {
    }

    /** Records {@code app}'s requests and figures in {@code registry}, with latency histograms. Call before start. */
    public static void install(App app, MeterRegistry registry) {
        install(app, registry, true);
    }

    /**
     * As {@link #install(App, MeterRegistry)}; {@code histograms} false keeps only count, sum and
     * max per series (about 70 fewer Prometheus lines per series, no percentiles).
     */
    public static void install(App app, MeterRegistry registry, boolean histograms) {
        install(app, registry, MetricsSettings.defaults().withHistograms(histograms));
    }

    /** As {@link #install(App, MeterRegistry)}, measuring as {@code settings} say. Call before start. */
    public static void install(App app, MeterRegistry registry, MetricsSettings settings) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(settings, "settings");
        app.useAsync(new RequestMeters(app, registry, "duet.requests", settings.histograms()));
        ServerMeters.bind(app, registry, settings.loopLagInterval());
        Gauge.builder("duet.requests.active", app, App::inFlight)
                .description("Requests in flight").register(registry);
        Gauge.builder("duet.background.tasks", app, a -> a.tasks().backgroundCount())
                .description("Background tasks queued or running").register(registry);
        Gauge.builder("duet.cpu.busy", app, a -> a.tasks().cpuBusy())
                .description("CPU pool threads running a task").register(registry);
        Gauge.builder("duet.cpu.queued", app, a -> a.tasks().cpuQueued())
                .description("CPU tasks waiting for a pool thread").register(registry);
        VirtualThreadSchedulerMXBean vts = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        if (vts != null) {
            Gauge.builder("jvm.threads.virtual.mounted", vts, VirtualThreadSchedulerMXBean::getMountedVirtualThreadCount)
                    .description("Virtual threads mounted on a carrier now").register(registry);
            Gauge.builder("jvm.threads.virtual.queued", vts, VirtualThreadSchedulerMXBean::getQueuedVirtualThreadCount)
                    .description("Virtual threads ready to run, waiting for a carrier").register(registry);
            Gauge.builder("jvm.threads.virtual.parallelism", vts, VirtualThreadSchedulerMXBean::getParallelism)
                    .description("Carrier threads the scheduler aims for").register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        app.onStop(gc::close); // it listens to GC notifications until closed
    }

    /** A Prometheus registry with {@link #install} done, served at {@code GET /metrics}. */
    public static PrometheusMeterRegistry prometheus(App app) {
        return prometheus(app, DEFAULT_PATH);
    }

    /** A Prometheus registry with {@link #install} done, served at {@code GET path}. */
    public static PrometheusMeterRegistry prometheus(App app, String path) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        install(app, registry);
        serve(app, path, registry);
        return registry;
    }

    /**
     * Serves {@code registry} in the Prometheus text format at {@code GET path} (a registry of the
     * app's own making, say with common tags). The scrape itself is counted like any request.
     */
    public static void serve(App app, String path, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("the metrics path must start with '/', was " + path);
        }
        app.get(path, req -> Response.text(registry.scrape())
                .contentType("text/plain; version=0.0.4; charset=utf-8").header("Cache-Control", "no-store"));
    }
}
