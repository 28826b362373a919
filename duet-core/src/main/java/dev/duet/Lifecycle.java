package dev.duet;

import dev.duet.spi.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Where an app is in its life, for readiness probes: {@link #stopping()} turns true the moment a
 * stop begins (SIGTERM, {@link App#stop()}), before the server stops accepting. Once something
 * serves readiness ({@link #holdStopForReadiness()}, as {@code dev.duet.ops.Health} does), a stop
 * first waits the {@code shutdownReadinessDelay} setting with the server still answering, so that
 * load balancers see the probe fail and stop sending traffic before connections are refused.
 *
 * <pre>{@code
 * app.get("/ready", req -> app.lifecycle().stopping() ? Response.text("stopping").status(503) : "ready");
 * app.lifecycle().holdStopForReadiness();
 * }</pre>
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final List<Runnable> onStart;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private volatile boolean readinessServed;
    private volatile Server server; // for AppStats: set once the core is up

    Lifecycle(Config config, List<Runnable> onStart) {
        this.config = config;
        this.onStart = onStart;
    }

    /** True once the {@link App#onStart} actions have run (they run once, whoever asks first). */
    public boolean started() {
        return started;
    }

    /**
     * Runs the app's {@link App#onStart} actions, once: {@link App#start} does when its server is
     * up, and a container that serves the app without {@code App.start} (a WAR, whose port is the
     * container's) does once the app is frozen and ready to serve, as {@code DuetListener} does.
     * Later calls, and calls once a stop has begun, do nothing. An action that throws stops the
     * rest and is thrown to the caller, which should then stop the app.
     *
     * <pre>{@code
     * app.freeze();                          // what a container does before its first request
     * app.lifecycle().runStartActions();     // durable jobs start polling, caches warm up...
     * }</pre>
     */
    public void runStartActions() {
        synchronized (this) {
            if (started || stopping) return;
            started = true;
        }
        onStart.forEach(Runnable::run);
    }

    /** True once a stop has begun (readiness should then fail); it never turns back. */
    public boolean stopping() {
        return stopping;
    }

    /** True once the stop has finished: requests drained, stop hooks run. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * Declares that the app serves a readiness probe, so a stop waits {@code shutdownReadinessDelay}
     * after {@link #stopping()} turns true (an app nobody probes has no one to wait for). Idempotent.
     */
    public void holdStopForReadiness() {
        readinessServed = true;
    }

    /** {@link App#start} has {@code server} up. */
    void serving(Server server) {
        this.server = server;
    }

    /** The running server, or null before {@link App#start} (and for the test client or a WAR). */
    Server server() {
        return server;
    }

    /** The stop sequence of {@link App#stop()}; returns false if a stop had already begun. */
    boolean stop(Server server, Tasks tasks, List<Runnable> onStop, Watchdog watchdog) {
        synchronized (this) {
            if (stopping) return false;
            stopping = true;
        }
        Duration delay = readinessServed ? config.shutdownReadinessDelay() : Duration.ZERO;
        if (server != null && delay.isPositive()) {
            log.info("Stopping: readiness now fails; serving on for {} ms so load balancers notice", delay.toMillis());
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // whoever interrupts a stop wants it sooner: drain now
            }
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        if (server != null) server.stop(config.shutdownGrace());
        tasks.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        for (Runnable r : onStop) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.error("Stop hook failed", e);
            }
        }
        tasks.close();
        if (watchdog != null) watchdog.close();
        stopped = true;
        return true;
    }
}
