package dev.duet.internal;

import dev.duet.spi.EventLoopThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Request deadlines: almost every one is cancelled long before it is due, so arming and cancelling
 * must cost next to nothing. A hashed wheel of lock-free stacks: arming pushes onto the slot of
 * the deadline's tick (one CAS, no thread woken), cancelling sets a flag, and one ticker thread
 * walks the slots every tick, dropping cancelled entries and firing due ones. Precision is one
 * tick (10 ms); a cancelled entry is gone within one turn of the wheel (1.28 s).
 */
public final class DeadlineWheel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadlineWheel.class);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int SLOTS = 128;

    /** An armed deadline. */
    public static final class Entry {
        final long deadline;
        /**
         * Null once cancelled: a cancelled entry stays in its slot until the wheel passes it (up
         * to a turn), and must not keep its request alive meanwhile. At tens of thousands of
         * requests a second, a turn's worth of finished requests outlived young collections and
         * filled the old generation.
         */
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

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    private final Thread ticker;
    private volatile boolean closed;

    public DeadlineWheel() {
        ticker = new Ticker(this::tick);
        ticker.start();
    }

    /** Runs {@code task} on the wheel's thread (which must not block) once {@code System.nanoTime()} passes {@code deadline}. */
    public Entry schedule(long deadline, Runnable task) {
        Entry e = new Entry(deadline, task);
        push(slotOf(deadline), e);
        return e;
    }

    private static int slotOf(long nanos) {
        return (int) Math.floorMod(Math.floorDiv(nanos, TICK_NANOS), (long) SLOTS);
    }

    private void push(int slot, Entry e) {
        Entry head;
        do {
            head = slots.get(slot);
            e.next = head;
        } while (!slots.compareAndSet(slot, head, e));
    }

    private void tick() {
        long done = Math.floorDiv(System.nanoTime(), TICK_NANOS) - 1;
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            long current = Math.floorDiv(now, TICK_NANOS);
            // Every slot whose tick has passed, at most one full turn (after a long stall, all of them).
            for (long t = Math.max(done + 1, current - SLOTS + 1); t <= current; t++) {
                expire((int) Math.floorMod(t, (long) SLOTS), now);
            }
            done = current;
        }
    }

    private void expire(int slot, long now) {
        Entry e = slots.getAndSet(slot, null);
        while (e != null) {
            Entry next = e.next;
            Runnable task = e.task;
            if (task != null) {
                if (e.deadline - now <= 0) {
                    try {
                        task.run();
                    } catch (RuntimeException | Error err) {
                        log.error("A deadline task failed", err);
                    }
                } else {
                    e.next = null;
                    push(slot, e); // due on a later turn of the wheel
                }
            }
            e = next;
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }
}
