package dev.duet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadFactory;

/**
 * The {@link Shield} of one thread that Duet interrupts to cancel a request's work: the request's
 * own thread (made by {@link Call}) or a toolkit task's (made by {@link Tasks}). Whoever cancels
 * calls {@link #interrupt()} instead of {@code Thread.interrupt()}; both that and the stretch's
 * start and end take this object's lock, so an interrupt either lands before a stretch starts
 * (and is held back by it) or is held back, never in between.
 */
final class ThreadShield implements Shield {
    private static final Logger log = LoggerFactory.getLogger(ThreadShield.class);
    private static final ThreadFactory HOOKS = Thread.ofVirtual().name("duet-cancel-hook").factory();

    final Thread thread;
    /** The request whose context the hook runs in; null for a task started outside one. */
    private final Call call;
    private boolean raised;
    private Runnable onCancel;
    private boolean hookRunning;
    /** Written under the lock; volatile so that {@link #cancelled()} reads it without. */
    private volatile boolean held;

    ThreadShield(Thread thread, Call call) {
        this.thread = thread;
        this.call = call;
    }

    /** The current thread's, if Duet may interrupt it to cancel a request; else null. */
    static ThreadShield ofCurrentThread() {
        ThreadShield task = Tasks.runningTaskShield();
        if (task != null) return task;
        Request req = Request.currentOrNull();
        return req == null ? null : req.call.ownShield();
    }

    /**
     * Cancels the thread's work: interrupts it, or, inside a stretch, holds the interrupt back and
     * starts the stretch's hook.
     */
    void interrupt() {
        Runnable hook;
        synchronized (this) {
            if (!raised) {
                thread.interrupt();
                return;
            }
            if (held) return;
            held = true;
            hook = onCancel;
            if (hook == null) return;
            hookRunning = true;
        }
        HOOKS.newThread(() -> runHook(hook)).start();
    }

    private void runHook(Runnable hook) {
        try {
            if (call == null) {
                hook.run();
            } else {
                call.bound(() -> {
                    hook.run();
                    return null;
                });
            }
        } catch (Throwable t) {
            log.warn("The cancel hook of a shielded stretch failed; its work runs to its end", t);
        } finally {
            synchronized (this) {
                hookRunning = false;
                notifyAll();
            }
        }
    }

    /** Starts a stretch; on {@link #thread}. */
    Shield raise(Runnable hook) {
        synchronized (this) {
            if (raised) {
                Nested nested = new Nested(this, onCancel);
                onCancel = hook;
                return nested;
            }
            raised = true;
            onCancel = hook;
            held = Thread.interrupted();
        }
        return this;
    }

    @Override
    public boolean cancelled() {
        return held;
    }

    @Override
    public void close() {
        synchronized (this) {
            awaitHook();
            raised = false;
            onCancel = null;
            if (held) {
                held = false;
                thread.interrupt();
            }
        }
    }

    /** Waits, holding the lock, until no hook runs; an interrupt meanwhile is held back with the rest. */
    private void awaitHook() {
        while (hookRunning) {
            try {
                wait();
            } catch (InterruptedException e) {
                held = true;
            }
        }
    }

    /** A stretch inside another on the same thread: its end gives the outer one its hook back. */
    static final class Nested implements Shield {
        private final ThreadShield outer;
        private final Runnable outerHook;

        private Nested(ThreadShield outer, Runnable outerHook) {
            this.outer = outer;
            this.outerHook = outerHook;
        }

        @Override
        public boolean cancelled() {
            return outer.cancelled();
        }

        @Override
        public void close() {
            synchronized (outer) {
                outer.awaitHook();
                outer.onCancel = outerHook;
            }
        }
    }

    /**
     * A stretch on a thread Duet never interrupts to cancel a request: it only holds back an
     * interrupt pending at its start. Nesting needs no bookkeeping: the outermost took it.
     */
    enum Unguarded implements Shield {
        CLEAR {
            @Override
            public boolean cancelled() {
                return false;
            }

            @Override
            public void close() {
            }
        },
        INTERRUPTED {
            @Override
            public boolean cancelled() {
                return true;
            }

            @Override
            public void close() {
                Thread.currentThread().interrupt();
            }
        }
    }
}
