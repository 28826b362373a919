package dev.duet.db.internal;

import dev.duet.db.ConnectionFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fail-fast of a pool whose database server has gone away (stopped, restarted, unreachable).
 * Without it, every call that needs a connection waits the whole {@code connectionTimeout} for
 * one that cannot come: under load that is one parked thread per request, each answered 503
 * seconds later. Here, when a pooled connection is lost or none can be made, one probe thread
 * opens a connection of its own, outside the pool. If that fails too, the database is down: the
 * outage is logged once, calls fail at once with a {@link ConnectionFailure} (503), and the probe
 * tries again every {@link #RETRY_MILLIS} ms. The first connection it gets ends the outage
 * (logged once more) and calls go to the pool again. A connection lost on a healthy server (one
 * killed by an administrator, say) costs a probe that succeeds, and nothing else: calls are only
 * refused once a probe has failed.
 *
 * <p>While down, the pool is told to keep no idle connections, so that its own connection
 * creator stops retrying (it backs off up to 10 s between tries, and a request arriving just
 * after the database returns would wait out that back-off); the calls after the outage ask
 * for connections again and get them at once.
 */
final class Outage {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.db");
    /** Pause between probes while down: how soon after the database returns calls are served again. */
    static final long RETRY_MILLIS = 250;

    private final String where;
    private final Callable<Connection> connect;
    private final Runnable onDown;
    private final Runnable onUp;
    /** 0 while the database is taken to be up; else when (nanoTime) a probe first failed. */
    private volatile long since;
    private volatile String reason = "";
    private volatile boolean closed;
    private final AtomicLong refused = new AtomicLong();
    private final Object lock = new Object();
    private Thread probe;

    /**
     * {@code connect} opens a connection outside the pool; {@code where} names the database;
     * {@code onDown} and {@code onUp} run when an outage starts and ends.
     */
    Outage(String where, Callable<Connection> connect, Runnable onDown, Runnable onUp) {
        this.where = where;
        this.connect = connect;
        this.onDown = onDown;
        this.onUp = onUp;
    }

    /** Fails at once with a {@link ConnectionFailure} while the database is down. */
    void check() {
        long s = since;
        if (s == 0) return;
        refused.incrementAndGet();
        throw new ConnectionFailure("The database " + where + " is unreachable (for " + (System.nanoTime() - s) / 1_000_000
                + " ms: " + reason + "); failing at once until it answers again", null);
    }

    /** Whether calls are failing fast now. */
    boolean down() {
        return since != 0;
    }

    /** A connection was lost, or none could be made: a probe finds out whether the server is there. */
    void suspect(Throwable cause) {
        synchronized (lock) {
            if (probe != null || closed) return;
            reason = Engine.rootMessage(cause);
            probe = Thread.ofVirtual().name("duet-db-probe").start(this::probe);
        }
    }

    private void probe() {
        try {
            while (!closed) {
                Exception failure;
                try (Connection c = connect.call()) {
                    if (c.isValid(5)) break;
                    failure = new java.sql.SQLException("a new connection was not valid");
                } catch (Exception e) {
                    failure = e;
                }
                if (closed) return;
                reason = Engine.rootMessage(failure);
                if (since == 0) {
                    refused.set(0);
                    since = System.nanoTime();
                    log.warn("The database {} is unreachable ({}): calls that need it fail at once with ConnectionFailure"
                            + " (503) until it answers again", where, reason);
                    onDown.run();
                }
                Thread.sleep(RETRY_MILLIS);
            }
            if (since != 0) {
                onUp.run();
                log.info("The database {} answers again after {} ms; {} call(s) failed fast meanwhile", where,
                        (System.nanoTime() - since) / 1_000_000, refused.get());
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.warn("The probe of the database {} failed", where, e);
        } finally {
            synchronized (lock) {
                since = 0;
                probe = null;
            }
        }
    }

    /** Stops the probe (the pool is closing). */
    void close() {
        synchronized (lock) {
            closed = true;
            if (probe != null) probe.interrupt();
        }
    }
}
