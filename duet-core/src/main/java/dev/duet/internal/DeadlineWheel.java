package dev.duet.internal;

import dev.duet.spi.EventLoopThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Request deadlines: almost every one is cancelled long before it is due, so arming and cancelling
 * must cost next to nothing, and so must a cancelled deadline that nobody will ever fire. Arming
 * pushes onto one lock-free stack of arrivals (one CAS, no thread woken); cancelling sets a flag.
 * One ticker thread wakes every tick (10 ms): it fires what is due, drops the arrivals already
 * cancelled (most requests end within a tick) and files the rest in a hashed wheel, whose slot it
 * walks when the slot's tick comes round; every {@link #SWEEP_TICKS} ticks it drops the cancelled
 * entries of every slot. Precision is one tick.
 *
 * <p>Why not file each deadline in its slot when it is armed: a cancelled entry then stayed there
 * until the wheel came round to it (up to a turn, 1.28 s), so at 180 000 blocking requests a second
 * some 100 000 dead entries were live at every young collection, and copying them was most of its
 * time (pipelined blocking {@code /plaintext}: 5-7 MB survived each collection, 9-16 ms pauses).
 */
public final class DeadlineWheel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadlineWheel.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int SLOTS = 128;
    /** Every 10 ticks (100 ms), the cancelled entries of every slot are dropped. */
    static final int SWEEP_TICKS = 10;

    /** An armed deadline. */
    public static final class Entry {
        final long deadline;
        /** Null once cancelled: an entry not yet dropped must not keep its request alive. */
        private volatile Runnable task;
        Entry next;

        Entry(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        public void cancel() {
            task = null;
        }
    }

    private static final class Ticker extends Thread implements EventLoopThread {
        Ticker(Runnable r) {
            super(r, "duet-deadlines");
            setDaemon(true);
        }
    }

    private final AtomicReference<Entry> arrivals = new AtomicReference<>();
    /** The wheel: the ticker thread's alone. */
    private final Entry[] slots = new Entry[SLOTS];
    private final Thread ticker;
    private volatile boolean closed;
    /** The ticker thread's own count, published as {@link #filed} after each tick. */
    private int filedCount;
    /** For tests: entries in the wheel (cancelled or not) and ticks done, as of the last tick. */
    private volatile int filed;
    private volatile long ticks;

    public DeadlineWheel() {
        ticker = new Ticker(this::tick);
        ticker.start();
    }

    /** Runs {@code task} on the wheel's thread (which must not block) once {@code System.nanoTime()} passes {@code deadline}. */
    public Entry schedule(long deadline, Runnable task) {
        Entry e = new Entry(deadline, task);
        Entry head;
        do {
            head = arrivals.get();
            e.next = head;
        } while (!arrivals.compareAndSet(head, e));
        return e;
    }

    /** Entries in the wheel after the last tick, cancelled or not (arrivals not counted). */
    int filed() {
        return filed;
    }

    /** Ticks done so far. */
    long ticks() {
        return ticks;
    }

    private static int slotOf(long nanos) {
        return (int) Math.floorMod(Math.floorDiv(nanos, TICK_NANOS), (long) SLOTS);
    }

    private void tick() {
        // The tick in progress is walked on every wake until it has passed: an entry due later in
        // it is kept, and must be seen again at the next wake, not a turn later.
        long done = Math.floorDiv(System.nanoTime(), TICK_NANOS) - 1;
        int sinceSweep = 0;
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            long current = Math.floorDiv(now, TICK_NANOS);
            admit(now);
            // Every slot whose tick has begun since, at most one full turn (after a long stall, all of them).
            for (long t = Math.max(done + 1, current - SLOTS + 1); t <= current; t++) {
                expire((int) Math.floorMod(t, (long) SLOTS), now);
            }
            done = current - 1;
            if (++sinceSweep >= SWEEP_TICKS) {
                sinceSweep = 0;
                sweep();
            }
            filed = filedCount;
            ticks++;
        }
    }

    private void admit(long now) {
        settle(arrivals.getAndSet(null), now);
    }

    /**
     * Each entry of the list {@code e}: dropped if cancelled, fired if due, else filed (in its slot,
     * for a later tick or turn). Returns how many entries the list had.
     */
    private int settle(Entry e, long now) {
        int walked = 0;
        while (e != null) {
            walked++;
            Entry next = e.next;
            Runnable task = e.task;
            if (task != null) {
                if (e.deadline - now <= 0) run(task);
                else file(e);
            }
            e = next;
        }
        return walked;
    }

    private void file(Entry e) {
        int slot = slotOf(e.deadline);
        e.next = slots[slot];
        slots[slot] = e;
        filedCount++;
    }

    private void expire(int slot, long now) {
        Entry e = slots[slot];
        slots[slot] = null;
        // What is not due yet (later in this tick, or on a later turn) is filed again, and counted
        // again by file(): so the walk must finish before the count is read.
        int walked = settle(e, now);
        filedCount -= walked;
    }

    private void sweep() {
        for (int slot = 0; slot < SLOTS; slot++) {
            Entry e = slots[slot];
            slots[slot] = null;
            while (e != null) {
                Entry next = e.next;
                if (e.task != null) {
                    e.next = slots[slot];
                    slots[slot] = e;
                } else {
                    filedCount--;
                }
                e = next;
            }
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error err) {
            log.error("A deadline task failed", err);
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }
}
