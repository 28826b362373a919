package dev.duet.metrics.internal;

import dev.duet.spi.ServerStats;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.TimeWindowMax;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How late one event loop runs what is due: a tiny task scheduled every interval notes how long
 * after its due time it ran. A loop busy with a slow task (or blocked outright) runs it late by
 * about as long as it was held up, which is the figure that shows every connection on that loop
 * waiting. Only one probe is ever pending per loop, and none once the app is stopping.
 */
final class LagProbe implements Runnable {
    /** The window {@link #maxSeconds} covers: 3 buffers of 20 s, so about the last minute. */
    private static final long ROTATE_MILLIS = 20_000;

    private final ServerStats.EventLoop loop;
    private final long intervalNanos;
    private final BooleanSupplier stopping;
    private final TimeWindowMax max = new TimeWindowMax(Clock.SYSTEM, ROTATE_MILLIS, 3);
    private volatile long dueAt;   // System.nanoTime() at which the pending probe should run
    private volatile boolean pending;
    private volatile long lastLateNanos;

    LagProbe(ServerStats.EventLoop loop, long intervalNanos, BooleanSupplier stopping) {
        this.loop = loop;
        this.intervalNanos = intervalNanos;
        this.stopping = stopping;
    }

    /** Schedules the first probe. */
    void start() {
        next();
    }

    @Override
    public void run() {
        long late = Math.max(0, System.nanoTime() - dueAt);
        lastLateNanos = late;
        max.record(late, TimeUnit.NANOSECONDS);
        next();
    }

    private void next() {
        if (stopping.getAsBoolean()) {
            pending = false;
            return;
        }
        dueAt = System.nanoTime() + intervalNanos;
        pending = true;
        try {
            loop.schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            pending = false;
        }
    }

    /**
     * How long the probe now pending is overdue: it grows while the loop is stuck, before the probe
     * can run. Nothing once the app is stopping: a loop that shuts down drops the probe unrun.
     */
    private long overdueNanos() {
        return pending && !stopping.getAsBoolean() ? Math.max(0, System.nanoTime() - dueAt) : 0;
    }

    /** The last probe's lateness, or the pending one's if that is overdue by more, in seconds. */
    double lagSeconds() {
        return Math.max(lastLateNanos, overdueNanos()) / 1e9;
    }

    /** The most a probe was late in about the last minute (or the pending one's lateness, if more), in seconds. */
    double maxSeconds() {
        return Math.max(max.poll(TimeUnit.SECONDS), overdueNanos() / 1e9);
    }
}
