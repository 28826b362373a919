package dev.duet.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineWheelTest {
    private final DeadlineWheel wheel = new DeadlineWheel();

    @AfterEach
    void close() {
        wheel.close();
    }

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aDueDeadlineFiresOnceAndNotBeforeItsTime() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        long deadline = in(50);
        long[] firedAt = new long[1];
        wheel.schedule(deadline, () -> {
            firedAt[0] = System.nanoTime();
            runs.incrementAndGet();
            fired.countDown();
        });
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(firedAt[0]).isGreaterThanOrEqualTo(deadline);
        Thread.sleep(100);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aCancelledDeadlineNeverFires() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        DeadlineWheel.Entry e = wheel.schedule(in(30), runs::incrementAndGet);
        e.cancel();
        CountDownLatch later = new CountDownLatch(1);
        wheel.schedule(in(120), later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
    }

    @Test
    void aDeadlineBeyondOneTurnOfTheWheelWaitsForItsOwnTurn() throws Exception {
        // 1.28 s is one turn: a 1.5 s deadline shares its slot with one 0.22 s away and must not fire with it.
        CountDownLatch near = new CountDownLatch(1);
        CountDownLatch far = new CountDownLatch(1);
        long farDeadline = in(1500);
        wheel.schedule(farDeadline - TimeUnit.MILLISECONDS.toNanos(1280), near::countDown);
        long[] firedAt = new long[1];
        wheel.schedule(farDeadline, () -> {
            firedAt[0] = System.nanoTime();
            far.countDown();
        });
        assertThat(near.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(far.await(5, TimeUnit.SECONDS)).isTrue();
        // Fired with its slot-mate, it would have fired about 1.28 s early.
        assertThat(firedAt[0]).as("the far deadline fired no earlier than due").isGreaterThanOrEqualTo(farDeadline);
    }

    @Test
    void manyThreadsCanArmAtOnceAndEveryDeadlineFires() throws Exception {
        int threads = 8;
        int each = 2_000;
        CountDownLatch fired = new CountDownLatch(threads * each);
        Thread[] arming = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            arming[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) wheel.schedule(in(20 + i % 50), fired::countDown);
            });
        }
        for (Thread t : arming) t.join();
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A cancelled entry waits in its slot for up to a turn of the wheel; its request must not. */
    @Test
    void aCancelledDeadlineNoLongerHoldsItsTask() throws Exception {
        Object request = new Object();
        Runnable task = () -> request.hashCode(); // capturing, so a fresh object (a non-capturing lambda is a constant)
        java.lang.ref.WeakReference<Runnable> ref = new java.lang.ref.WeakReference<>(task);
        DeadlineWheel.Entry entry = wheel.schedule(in(60_000), task);
        entry.cancel();
        task = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(ref.get()).as("the cancelled entry's task, still referenced from the wheel's slot").isNull();
        assertThat(entry).isNotNull(); // the entry itself is still reachable here, as in the wheel
    }
}
