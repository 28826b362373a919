package dev.duet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The thread that is a request's own at a given moment: the virtual thread its blocking links run
 * on, or a servlet container's thread while dispatch runs on it. Only the own thread runs
 * blocking links inline, only it is interrupted when the request is cancelled, and only it keeps
 * resources until it leaves ({@link Request#closeWhenThreadLeaves}).
 *
 * <p>Leaving, interrupting and making the thread's {@link Shield} take this object's lock, so a
 * cancelling interrupt lands while the thread is still the request's, or not at all: a container
 * thread that has gone back to its pool is never hit.
 */
final class OwnThread {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private final Call call;
    private volatile Thread thread;
    /** The own thread's shield, made at its first stretch (most requests raise none). */
    private volatile ThreadShield shield;
    /**
     * What {@link Request#closeWhenThreadLeaves} keeps, each with the thread that registered it;
     * null until something is, and never null again after. Changed under the lock: a stretch's
     * thread may still be leaving while the next stretch's thread registers.
     */
    private List<Resource> resources;

    private record Resource(Thread thread, AutoCloseable resource) {
    }

    OwnThread(Call call) {
        this.call = call;
    }

    /** The calling thread becomes the request's own. */
    void enter() {
        thread = Thread.currentThread();
    }

    /** True if the calling thread is the request's own: it may block for it. */
    boolean isCurrent() {
        return thread == Thread.currentThread();
    }

    /**
     * The calling thread stops working on the request: an interrupt aimed at the request is
     * cleared (a container thread goes on to other work), and what it registered is closed.
     */
    void leave() {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (thread == me) thread = null;
            Thread.interrupted();
        }
        closeResourcesOf(me);
    }

    /** Cancels the own thread's work, if a thread is the request's now: interrupts it, or its shield. */
    synchronized void interrupt() {
        Thread t = thread;
        if (t == null) return;
        ThreadShield s = shield;
        if (s != null && s.thread == t) s.interrupt();
        else t.interrupt();
    }

    /** The calling thread's shield if it is the request's own (made now if need be); else null. */
    ThreadShield shield() {
        Thread me = Thread.currentThread();
        if (thread != me) return null;
        ThreadShield s = shield;
        if (s != null && s.thread == me) return s;
        // Under the lock interrupting takes: it lands either before the shield exists (the
        // stretch then finds the interrupt pending) or through it.
        synchronized (this) {
            if (thread != me) return null;
            s = shield;
            if (s == null || s.thread != me) shield = s = new ThreadShield(me, call);
            return s;
        }
    }

    /** See {@link Request#closeWhenThreadLeaves}. */
    boolean closeWhenLeaving(AutoCloseable resource) {
        Objects.requireNonNull(resource, "resource");
        Thread me = Thread.currentThread();
        // Only a thread in a stretch that ends in leave() is ever the own thread.
        if (thread != me) return false;
        synchronized (this) {
            if (resources == null) resources = new ArrayList<>(2);
            resources.add(new Resource(me, resource));
        }
        return true;
    }

    /** Closes what {@code leaving} registered, last first; runs on {@code leaving} as it leaves. */
    private void closeResourcesOf(Thread leaving) {
        // Read without the lock: whatever this thread registered, it wrote itself, so it sees it;
        // the common case (nothing registered) costs one field read.
        if (resources == null) return;
        List<AutoCloseable> mine = null;
        synchronized (this) {
            for (var it = resources.iterator(); it.hasNext(); ) {
                Resource r = it.next();
                if (r.thread() == leaving) {
                    if (mine == null) mine = new ArrayList<>(2);
                    mine.add(r.resource());
                    it.remove();
                }
            }
        }
        if (mine == null) return;
        for (AutoCloseable r : mine.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("[{}] Closing {} when its thread left the request failed", call.req().id(), r, e);
            }
        }
    }
}
