package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.test.TestClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Not a test: a measurement of what the request timer adds per request, in process (no network),
 * so that the middleware's own cost is not lost in socket time. Rounds of the plain app and the
 * measured app alternate, and the median of each is printed, since other work on the machine
 * moves single rounds a lot. Run from the repository root:
 * <pre>
 * ./mvnw -q -o -pl duet-metrics test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp duet-metrics/target/test-classes:duet-metrics/target/classes:$(cat /tmp/cp.txt) dev.duet.metrics.OverheadMeasurement
 * </pre>
 */
public final class OverheadMeasurement {
    private static final int REQUESTS = 20_000;
    private static final int ROUNDS = 15;

    public static void main(String[] args) {
        App plain = app();
        App passThrough = app();
        passThrough.useAsync((req, next) -> next.proceed()); // the shape of the timer, without the timer
        App measured = app();
        DuetMetrics.install(measured, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try (TestClient a = TestClient.of(plain); TestClient e = TestClient.of(passThrough); TestClient b = TestClient.of(measured)) {
            run(a, 2);
            run(e, 2);
            run(b, 2); // warm-up: compile the paths of all three
            List<Double> plainNs = new ArrayList<>();
            List<Double> emptyNs = new ArrayList<>();
            List<Double> measuredNs = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                plainNs.add(run(a, 1));
                emptyNs.add(run(e, 1));
                measuredNs.add(run(b, 1));
            }
            double p = median(plainNs);
            double x = median(emptyNs);
            double m = median(measuredNs);
            System.out.printf("plain:              median %.0f ns/request over %d rounds of %d (blocking and async routes alternating)%n", p, ROUNDS, REQUESTS);
            System.out.printf("empty async mw:     median %.0f ns/request%n", x);
            System.out.printf("metrics:            median %.0f ns/request%n", m);
            System.out.printf("timer vs empty mw:  %.0f ns/request (%.1f%%)%n", m - x, 100 * (m - x) / x);
        } finally {
            plain.stop();
            passThrough.stop();
            measured.stop();
        }
    }

    private static App app() {
        App app = App.create(Config.defaults()); // not dev mode: its watchdog would be measured too
        app.get("/b/{id:int}", req -> "b");
        app.getAsync("/a/{id:int}", req -> CompletableFuture.completedFuture("a"));
        return app;
    }

    private static double run(TestClient client, int times) {
        long start = System.nanoTime();
        for (int t = 0; t < times; t++) {
            for (int i = 0; i < REQUESTS; i++) {
                if (client.get((i % 2 == 0 ? "/b/" : "/a/") + i).status() != 200) throw new AssertionError("not 200");
            }
        }
        return (System.nanoTime() - start) / (double) (times * REQUESTS);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
