package dev.duet.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DuetMetrics#install(dev.duet.App, io.micrometer.core.instrument.MeterRegistry, MetricsSettings)}
 * measures: whether request timers publish histogram buckets, and how often each event loop is
 * probed for lag.
 *
 * <pre>{@code
 * DuetMetrics.install(app, registry, MetricsSettings.defaults()
 *         .withHistograms(false)                              // count, sum and max only
 *         .withLoopLagInterval(Duration.ofMillis(250)));      // probe each loop 4 times a second
 * }</pre>
 *
 * @param histograms      request timers publish latency histogram buckets (default true)
 * @param loopLagInterval how often a tiny task is scheduled on each event loop to see how late it
 *                        runs (default {@link #DEFAULT_LOOP_LAG_INTERVAL}); zero schedules none
 */
public record MetricsSettings(boolean histograms, Duration loopLagInterval) {
    /** The default lag probe interval: a loop blocked for this long or more is always seen. */
    public static final Duration DEFAULT_LOOP_LAG_INTERVAL = Duration.ofMillis(100);
    /** The shortest probe interval allowed: shorter ones would cost the loops more than they tell. */
    public static final Duration MIN_LOOP_LAG_INTERVAL = Duration.ofMillis(10);
    /** The longest probe interval allowed: a probe rarer than this misses every stall but the longest. */
    public static final Duration MAX_LOOP_LAG_INTERVAL = Duration.ofMinutes(1);

    /** Checks the interval; see the class comment. */
    public MetricsSettings {
        Objects.requireNonNull(loopLagInterval, "loopLagInterval");
        if (!loopLagInterval.isZero() && (loopLagInterval.compareTo(MIN_LOOP_LAG_INTERVAL) < 0
                || loopLagInterval.compareTo(MAX_LOOP_LAG_INTERVAL) > 0)) {
            throw new IllegalArgumentException("loopLagInterval must be zero (no lag probes) or between "
                    + MIN_LOOP_LAG_INTERVAL.toMillis() + " ms and " + MAX_LOOP_LAG_INTERVAL.toSeconds() + " s, was "
                    + loopLagInterval.toMillis() + " ms");
        }
    }

    /** Histograms on, loops probed every {@link #DEFAULT_LOOP_LAG_INTERVAL}. */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, DEFAULT_LOOP_LAG_INTERVAL);
    }

    /** These settings with histogram buckets on or off. */
    public MetricsSettings withHistograms(boolean on) {
        return new MetricsSettings(on, loopLagInterval);
    }

    /** These settings with another lag probe interval ({@link Duration#ZERO}: no probes, no lag gauges). */
    public MetricsSettings withLoopLagInterval(Duration interval) {
        return new MetricsSettings(histograms, interval);
    }
}
