package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.netty.NettyCore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Not a test: what the event-loop lag probes cost and what they read, on a real Netty core.
 * <ol>
 * <li>idle: the process's CPU time over a quiet while with probes every 100 ms, then with none
 *     (Netty's loops wake for nothing else when idle, so the difference is the probes');
 * <li>under load (if {@code wrk} is installed): the lag the probes read while wrk drives a simple
 *     async route, then while one route in a hundred blocks its loop for 20 ms, the bug the figure
 *     is for.
 * </ol>
 * Run from the repository root (the quiet phases take 7 x 12 s, the loaded ones 2 x 10 s):
 * <pre>
 * ./mvnw -q -o -pl duet-metrics test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp duet-metrics/target/test-classes:duet-metrics/target/classes:$(cat /tmp/cp.txt) dev.duet.metrics.LagMeasurement
 * </pre>
 */
public final class LagMeasurement {
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        idleCpuMillisPerSecond(MetricsSettings.defaults()); // warm-up: the first app pays for class loading and JIT
        double[] with = new double[ROUNDS];
        double[] without = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) { // alternating, since other work on the machine moves single rounds
            with[r] = idleCpuMillisPerSecond(MetricsSettings.defaults());
            without[r] = idleCpuMillisPerSecond(MetricsSettings.defaults().withLoopLagInterval(Duration.ZERO));
        }
        java.util.Arrays.sort(with);
        java.util.Arrays.sort(without);
        System.out.printf("idle, 4 loops, probes every 100 ms: %s ms CPU per second, median %.2f%n", java.util.Arrays.toString(with), with[ROUNDS / 2]);
        System.out.printf("idle, 4 loops, no probes:           %s ms CPU per second, median %.2f%n", java.util.Arrays.toString(without), without[ROUNDS / 2]);
        System.out.printf("probes' share of one core (medians): %.3f%%%n", (with[ROUNDS / 2] - without[ROUNDS / 2]) / 10);
        if (!new java.io.File("/usr/bin/wrk").canExecute()) {
            System.out.println("wrk not installed (scripts/install-debian): no loaded phase");
            return;
        }
        loaded(false);
        loaded(true);
    }

    private static App app(PrometheusMeterRegistry registry, MetricsSettings settings) {
        App app = App.create(Config.builder().port(0).host("127.0.0.1").eventLoops(4).build());
        DuetMetrics.install(app, registry, settings);
        app.getAsync("/fast", req -> CompletableFuture.completedFuture("fast"));
        app.getAsync("/stall", req -> {
            try {
                Thread.sleep(20); // what no async handler may do: block its loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture("stalled");
        });
        return app;
    }

    private static double idleCpuMillisPerSecond(MetricsSettings settings) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        App app = app(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), settings).start(new NettyCore());
        try {
            Thread.sleep(2000); // let start-up work settle
            System.gc();
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(QUIET);
            return (os.getProcessCpuTime() - cpu) / 1e6 / ((System.nanoTime() - start) / 1e9);
        } finally {
            app.stop();
        }
    }

    private static void loaded(boolean stalls) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        App app = app(registry, MetricsSettings.defaults()).start(new NettyCore());
        try {
            String script = stalls ? "request = function() n = (n or 0) + 1; if n % 100 == 0 then return wrk.format(nil, '/stall') end"
                    + " return wrk.format(nil, '/fast') end" : null;
            java.nio.file.Path lua = java.nio.file.Files.createTempFile("lag", ".lua");
            if (script != null) java.nio.file.Files.writeString(lua, script);
            ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c64", "-d10s", "--latency")
                    .redirectErrorStream(true);
            if (script != null) wrk.command().addAll(java.util.List.of("-s", lua.toString()));
            wrk.command().add("http://127.0.0.1:" + app.port() + "/fast");
            Process p = wrk.start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.nio.file.Files.delete(lua);
            String text = registry.scrape();
            System.out.println(stalls ? "\nwrk, 1 request in 100 blocks its loop for 20 ms:" : "\nwrk, async route, nothing blocks:");
            out.lines().filter(l -> l.contains("Requests/sec") || l.contains("99%") || l.contains("50%")).forEach(System.out::println);
            for (int i = 0; i < 4; i++) {
                System.out.printf("  loop %d: lag max %.1f ms, lag now %.1f ms%n", i,
                        1000 * Scrape.value(text, "duet_eventloop_lag_max_seconds", "loop", Integer.toString(i)),
                        1000 * Scrape.value(text, "duet_eventloop_lag_seconds", "loop", Integer.toString(i)));
            }
        } finally {
            app.stop();
        }
    }
}
