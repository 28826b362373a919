package dev.duet.metrics;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.netty.NettyCore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: {@link OverheadMeasurement}'s comparison over a real Netty core, one keep-alive
 * connection, requests one after another (a latency figure, not a throughput one). Rounds
 * alternate between the apps and medians are printed. Run as {@link OverheadMeasurement} says,
 * with this class's name.
 */
public final class WireOverheadMeasurement {
    private static final int REQUESTS = 5_000;
    private static final int ROUNDS = 9;

    public static void main(String[] args) throws Exception {
        App plain = app();
        App passThrough = app();
        passThrough.useAsync((req, next) -> next.proceed());
        App measured = app();
        DuetMetrics.install(measured, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        List<App> apps = List.of(plain, passThrough, measured);
        for (App a : apps) a.start(new NettyCore());
        try {
            List<List<Double>> ns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (App a : apps) run(a.port(), 2);
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < apps.size(); i++) ns.get(i).add(run(apps.get(i).port(), 1));
            }
            String[] names = {"plain", "empty async mw", "metrics"};
            for (int i = 0; i < names.length; i++) {
                System.out.printf("%-15s median %.0f ns/request (%d rounds of %d, one connection, Netty)%n", names[i], median(ns.get(i)), ROUNDS, REQUESTS);
            }
        } finally {
            for (App a : apps) a.stop();
        }
    }

    private static App app() {
        App app = App.create(Config.builder().host("127.0.0.1").port(0).build());
        app.get("/b/{id:int}", req -> "b");
        app.getAsync("/a/{id:int}", req -> java.util.concurrent.CompletableFuture.completedFuture("a"));
        return app;
    }

    private static double run(int port, int times) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            for (int i = 0; i < times * REQUESTS; i++) {
                out.write(("GET " + (i % 2 == 0 ? "/b/" : "/a/") + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String line = in.readLine();
                if (!line.contains(" 200 ")) throw new AssertionError(line);
                int length = 0;
                for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
                    if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Integer.parseInt(h.substring(15).trim());
                }
                for (int k = 0; k < length; k++) in.read();
            }
            return (System.nanoTime() - start) / (double) (times * REQUESTS);
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
