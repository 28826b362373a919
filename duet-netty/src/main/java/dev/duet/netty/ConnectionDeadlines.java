package dev.duet.netty;

import dev.duet.Config;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The two deadlines of one connection: a request that has started arriving must be complete
 * within {@code readTimeout} (else 408: the slowloris guard), and a connection with no request in
 * progress is closed after {@code idleTimeout}. Busy connections (requests being handled) have
 * neither. Touched only on the connection's event loop.
 *
 * <p>One scheduled task per connection at most, re-armed lazily: a deadline that moves later
 * leaves the task where it is, and the task, when it runs, re-arms for whichever deadline then
 * applies. So a busy keep-alive connection schedules nothing per request.
 */
final class ConnectionDeadlines implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionDeadlines.class);

    private final HttpConnection connection;
    private final EventExecutor loop;
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;

    private boolean reading;
    private long readStart;
    private long idleSince;
    private ScheduledFuture<?> timer;
    private long timerAt;

    ConnectionDeadlines(HttpConnection connection, EventExecutor loop, Config config) {
        this.connection = connection;
        this.loop = loop;
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
    }

    /** True while a request is arriving (from its first byte until it is read whole or refused). */
    boolean reading() {
        return reading;
    }

    /** A request has started arriving (no-op if one already is): its read clock starts. */
    void requestArriving() {
        if (reading) return;
        reading = true;
        readStart = System.nanoTime();
        idleSince = 0;
        if (connection.readsEnabled()) arm(readStart + readTimeoutNanos);
    }

    /** The request is read whole, or refused: its read clock stops. */
    void requestRead() {
        reading = false;
    }

    /** Reading resumed after a pause: the client could not send meanwhile, so its read clock restarts. */
    void readsResumed() {
        if (!reading) return;
        readStart = System.nanoTime();
        arm(readStart + readTimeoutNanos);
    }

    /** A request is being handled: the connection is not idle. */
    void busy() {
        idleSince = 0;
    }

    /** True if the idle clock runs (the connection has been idle since it started). */
    boolean idleClockRunning() {
        return idleSince != 0;
    }

    /** The connection has become idle: its idle clock starts. */
    void startIdleClock() {
        idleSince = System.nanoTime();
        arm(idleSince + idleTimeoutNanos);
    }

    /** The connection is closed: nothing more to check. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Schedules the check at {@code deadline} unless one is already due no later. */
    private void arm(long deadline) {
        if (timer != null) {
            if (timerAt - deadline <= 0) return;
            timer.cancel(false);
        }
        timerAt = deadline;
        timer = loop.schedule(this, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The timer: enforces the read and idle deadlines, then re-arms for whichever applies next. */
    @Override
    public void run() {
        timer = null;
        if (connection.closed() || connection.closing()) return;
        long now = System.nanoTime();
        if (reading) {
            if (!connection.readsEnabled()) return; // re-armed when reading resumes
            long due = readStart + readTimeoutNanos;
            if (now - due >= 0) {
                log.debug("Read timeout on a request from {}", connection.remote());
                connection.readTimedOut();
            } else {
                arm(due);
            }
            return;
        }
        if (idleSince != 0 && connection.responsesIdle()) {
            long due = idleSince + idleTimeoutNanos;
            if (now - due >= 0) {
                log.debug("Closing idle connection from {}", connection.remote());
                connection.idleTimedOut();
            } else {
                arm(due);
            }
        }
    }
}
