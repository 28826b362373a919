package dev.duet.db.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The line borrowers stand in before the pool (see {@link ConnectionSource}): {@code size}
 * permits, handed out first come first served, each waiter bounded by a timeout.
 *
 * <p>Why not a fair {@link java.util.concurrent.Semaphore} and its timed {@code tryAcquire}: a
 * virtual thread's timed park arms a timeout with the JDK's delay scheduler and cancels it when
 * woken, and each of the two wakes that scheduler's thread. In the profile of blocking
 * {@code /db} (64 clients, a pool of 16) that was 23 % of the server's CPU. Here a waiter parks
 * without a timeout; a releaser hands its permit straight to the first waiter; and one reaper,
 * a virtual thread that runs only while someone waits, ends the waits that have outlived the
 * timeout, checking every {@link #tick} (so a wait ends between the timeout and a tick later).
 */
final class ConnectionPermits {
    private static final int WAITING = 0, GRANTED = 1, TIMED_OUT = 2;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: permits free now, and the waiters in order of arrival. */
    private int available;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private boolean reaping;
    private volatile int waiting;
    private final long timeoutNanos;
    private final long tick;
    private final String reaperName;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long deadline;
        volatile int state = WAITING;

        Waiter(long deadline) {
            this.deadline = deadline;
        }
    }

    ConnectionPermits(int size, long timeoutNanos, String reaperName) {
        this.available = size;
        this.timeoutNanos = timeoutNanos;
        // A sixteenth of the timeout, between 1 and 50 ms: a 10 s timeout is checked 20 times a
        // second while anyone waits, and holds to within half a percent.
        this.tick = Math.clamp(timeoutNanos / 16, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(50));
        this.reaperName = reaperName;
    }

    /**
     * Takes a permit, waiting behind those already waiting (even when one is free) for up to the
     * timeout. False if the timeout passed first.
     *
     * @throws InterruptedException if the thread is interrupted while it waits (the flag cleared,
     *     as {@code Semaphore.tryAcquire} does); it then holds no permit
     */
    boolean acquire() throws InterruptedException {
        Waiter w;
        lock.lock();
        try {
            if (waiters.isEmpty() && available > 0) {
                available--;
                return true;
            }
            w = new Waiter(System.nanoTime() + timeoutNanos);
            waiters.addLast(w);
            waiting = waiters.size();
            if (!reaping) {
                reaping = true;
                Thread.ofVirtual().name(reaperName).start(this::reap);
            }
        } finally {
            lock.unlock();
        }
        while (true) {
            LockSupport.park(this);
            int s = w.state;
            if (s == GRANTED) return true;
            if (s == TIMED_OUT) return false;
            if (Thread.interrupted()) {
                boolean granted;
                lock.lock();
                try {
                    granted = w.state == GRANTED;
                    if (!granted && w.state == WAITING) {
                        waiters.remove(w);
                        waiting = waiters.size();
                    }
                } finally {
                    lock.unlock();
                }
                if (granted) release(); // handed over just as it was interrupted: pass it on
                throw new InterruptedException();
            }
        }
    }

    /** Gives a permit back: to the first waiter if there is one, else to the free ones. */
    void release() {
        Waiter w;
        lock.lock();
        try {
            w = waiters.pollFirst();
            if (w == null) {
                available++;
                return;
            }
            waiting = waiters.size();
            w.state = GRANTED;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(w.thread);
    }

    /** Free permits now (a snapshot). */
    int available() {
        lock.lock();
        try {
            return waiters.isEmpty() ? available : 0;
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting for a permit now. */
    int waiting() {
        return waiting;
    }

    /** Ends the waits past their deadline, every tick, until nobody waits. */
    private void reap() {
        while (true) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(tick));
            } catch (InterruptedException e) {
                // nobody interrupts the reaper; carry on
            }
            long now = System.nanoTime();
            lock.lock();
            try {
                // Everyone waits as long, so deadlines grow along the line: expire from its head.
                Waiter w;
                while ((w = waiters.peekFirst()) != null && now - w.deadline >= 0) {
                    waiters.pollFirst();
                    waiting = waiters.size(); // before it wakes, so that it never sees itself counted
                    w.state = TIMED_OUT;
                    LockSupport.unpark(w.thread);
                }
                if (waiters.isEmpty()) {
                    reaping = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
