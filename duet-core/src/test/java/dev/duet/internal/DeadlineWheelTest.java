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

    private void awaitTicks(long atLeast) throws InterruptedException {
        for (int i = 0; i < 500 && wheel.ticks() < atLeast; i++) Thread.sleep(10);
        assertThat(wheel.ticks()).as("the ticker is running").isGreaterThanOrEqualTo(atLeast);
    }

    /**
     * A request that ended leaves its cancelled entry behind; the wheel drops it within a sweep
     * (10 ticks), not a turn (128 ticks): at many thousands of requests a second, a turn's worth of
     * dead entries is what every young collection would copy.
     */
    @Test
    void cancelledDeadlinesLeaveTheWheelWithinASweep() throws Exception {
        DeadlineWheel.Entry[] entries = new DeadlineWheel.Entry[500];
        for (int i = 0; i < entries.length; i++) entries[i] = wheel.schedule(in(60_000 + i * 7L), () -> { });
        awaitTicks(wheel.ticks() + 2);
        assertThat(wheel.filed()).as("armed and not yet due: filed in the wheel").isEqualTo(500);
        for (DeadlineWheel.Entry e : entries) e.cancel();
        long cancelledAt = wheel.ticks();
        awaitTicks(cancelledAt + DeadlineWheel.SWEEP_TICKS + 2);
        assertThat(wheel.filed()).as("entries left %d ticks after all were cancelled", wheel.ticks() - cancelledAt).isZero();
    }

    /** A deadline later in the tick the ticker is in must be seen at its next wake, not a turn of the wheel later. */
    @Test
    void aDeadlineDueInTheTickInProgressFiresWithinTwoTicks() throws Exception {
        for (int round = 0; round < 20; round++) {
            CountDownLatch fired = new CountDownLatch(1);
            long armedAt = wheel.ticks();
            wheel.schedule(in(1 + round % 9), fired::countDown);
            assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(wheel.ticks() - armedAt).as("ticks from arming to firing, round %d", round).isLessThanOrEqualTo(3);
        }
    }
}
