package dev.duet.internal;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a dependency's failures as state changes, not per request: one WARN line (no stack
 * trace) when failures start, one INFO line when the dependency works again, and each failure
 * in between at DEBUG. Under an outage, a busy server would otherwise write one line (and a
 * stack trace) per request, burying everything else in the log.
 *
 * <pre>{@code
 * FailureLog storeLog = new FailureLog(log, "The session store " + store);
 * storeLog.failed("reading the session of " + req, cause);  // WARN the first time, then DEBUG
 * storeLog.worked();                                         // INFO once, if it had been failing
 * }</pre>
 *
 * Thread-safe; {@link #worked()} costs one volatile read while nothing is failing, so it may be
 * called on every success.
 */
public final class FailureLog {
    private final Logger log;
    private final String what;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private volatile long since;

    /** Logs to {@code log}; {@code what} names the dependency at the start of each line. */
    public FailureLog(Logger log, String what) {
        this.log = log;
        this.what = what;
    }

    /** One failure: {@code doing} says what failed (e.g. "reading the session of GET /me"). */
    public void failed(String doing, Throwable cause) {
        failures.incrementAndGet();
        String why = reason(cause);
        if (failing.compareAndSet(false, true)) {
            since = System.nanoTime();
            log.warn("{} is failing ({}: {}); requests that need it are answered 503 until it works again,"
                    + " logged at DEBUG per request meanwhile", what, doing, why);
        } else if (log.isDebugEnabled()) {
            log.debug("{} failed {}: {}", what, doing, why, cause);
        }
    }

    /** One success: ends a run of failures with one INFO line. */
    public void worked() {
        if (!failing.get() || !failing.compareAndSet(true, false)) return;
        long n = failures.getAndSet(0);
        log.info("{} works again after {} ms; {} request(s) failed meanwhile", what,
                (System.nanoTime() - since) / 1_000_000, n);
    }

    /** Whether the last thing heard was a failure. */
    public boolean failing() {
        return failing.get();
    }

    /** The innermost message, with its type: enough to tell a refused connection from a timeout. */
    private static String reason(Throwable e) {
        if (e == null) return "no cause given";
        Throwable root = e;
        while ((root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        Throwable deepest = root;
        while (deepest.getCause() != null && deepest.getCause() != deepest) deepest = deepest.getCause();
        return deepest == root ? describe(root) : describe(root) + " (" + describe(deepest) + ")";
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
