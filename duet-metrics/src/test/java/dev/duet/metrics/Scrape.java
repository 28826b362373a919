package dev.duet.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.DoublePredicate;

/** Reads series out of the Prometheus text a registry serves, and waits for one to reach a value. */
final class Scrape {
    private Scrape() {
    }

    /**
     * The value of series {@code name} whose labels include every {@code label="value"} pair of
     * {@code labels} in {@code text}; NaN if there is none.
     */
    static double value(String text, String name, String... labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            if (!(brace < 0 ? series : series.substring(0, brace)).equals(name)) continue;
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= series.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) return Double.parseDouble(line.substring(space + 1));
        }
        return Double.NaN;
    }

    /** How many series named {@code name} the text holds. */
    static long count(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).count();
    }

    /** Scrapes {@code registry} until series {@code name} with {@code labels} satisfies {@code until}, or 10 s pass; its last value. */
    static double await(PrometheusMeterRegistry registry, DoublePredicate until, String name, String... labels)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double v;
        while (!until.test(v = value(registry.scrape(), name, labels)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return v;
    }
}
