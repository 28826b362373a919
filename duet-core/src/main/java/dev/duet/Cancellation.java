package dev.duet;

import dev.duet.internal.DeadlineWheel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Whether and why a request was cancelled (its deadline passed, its client went away), and what
 * cancelling does: interrupt the request's own thread (or hold the interrupt back for its
 * {@link Shield}), and run the cancel hooks the toolkit registered (cancelling parallel tasks, a
 * pending wait). The first reason wins; later ones change nothing.
 */
final class Cancellation {
    private final long timeoutNanos;
    private final long deadlineNanos;
    private volatile Throwable reason;
    private List<Runnable> hooks;
    private volatile DeadlineWheel.Entry timer;

    Cancellation(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.deadlineNanos = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    }

    /** The request's deadline in {@link System#nanoTime()} terms; 0 for none. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** The error a request gets when its deadline passes. */
    HttpError deadlineError() {
        return new HttpError(504, "The request did not finish within its deadline of " + timeoutNanos / 1_000_000 + " ms");
    }

    /** Why the request was cancelled; null if it was not. */
    Throwable reason() {
        return reason;
    }

    boolean cancelled() {
        return reason != null;
    }

    /** Throws if the request was cancelled: its deadline's HttpError as is, else a CancellationException. */
    void check() {
        Throwable c = reason;
        if (c != null) {
            throw c instanceof HttpError h ? h : (CancellationException) new CancellationException(c.getMessage()).initCause(c);
        }
    }

    /** Cancels with {@code why} unless already cancelled; true if this call did. */
    boolean cancel(Throwable why, OwnThread own) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) return false;
            reason = why;
            toRun = hooks;
            hooks = null;
            own.interrupt();
        }
        if (toRun != null) toRun.forEach(Runnable::run);
        return true;
    }

    /** Runs {@code hook} if the request is cancelled (now, if it already is). */
    void onCancel(Runnable hook) {
        synchronized (this) {
            if (reason == null) {
                if (hooks == null) hooks = new ArrayList<>(2);
                hooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    synchronized void removeOnCancel(Runnable hook) {
        if (hooks != null) hooks.remove(hook);
    }

    /** Arms the deadline: {@code onDeadline} runs when it passes, unless disarmed first. */
    void arm(Tasks tasks, Runnable onDeadline) {
        if (deadlineNanos > 0) timer = tasks.deadline(deadlineNanos, onDeadline);
    }

    void disarm() {
        DeadlineWheel.Entry armed = timer;
        if (armed != null) armed.cancel();
    }
}
