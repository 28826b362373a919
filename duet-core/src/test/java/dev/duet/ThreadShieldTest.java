package dev.duet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shield's promises under races: an interrupt sent through it lands before a stretch, is held
 * back during one, or lands after, and is never lost; a hook never runs outside its stretch.
 * (Whole requests, cancelled by their deadline on every core, are in ToolkitSuite.)
 */
@Timeout(60)
class ThreadShieldTest {

    @Test
    void interruptsArriveBeforeDuringOrAfterStretchesNeverInsideOneAndNeverGetLost() throws Exception {
        int rounds = 3_000;
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger hooks = new AtomicInteger();
        AtomicInteger interruptedInside = new AtomicInteger();
        AtomicInteger hooksOutsideTheirStretch = new AtomicInteger();
        AtomicBoolean inStretch = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<ThreadShield> shieldRef = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);

        Thread worker = Thread.ofVirtual().start(() -> {
            ThreadShield shield = new ThreadShield(Thread.currentThread(), null);
            shieldRef.set(shield);
            ready.countDown();
            Runnable hook = () -> {
                hooks.incrementAndGet();
                if (!inStretch.get()) hooksOutsideTheirStretch.incrementAndGet();
            };
            while (!done.get()) {
                if (Thread.interrupted()) delivered.incrementAndGet();
                // Marked before raising: an interrupt may land the moment raise() returns, and its
                // hook must find the stretch already marked (a hook never outlives close()).
                inStretch.set(true);
                try (Shield s = shield.raise(hook)) {
                    spin();
                    if (Thread.currentThread().isInterrupted()) interruptedInside.incrementAndGet();
                    spin();
                }
                inStretch.set(false);
                if (Thread.interrupted()) delivered.incrementAndGet();
                spin();
            }
        });
        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
        ThreadShield shield = shieldRef.get();
        for (int i = 0; i < rounds; i++) {
            int before = delivered.get();
            spin();
            shield.interrupt();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (delivered.get() == before) {
                assertThat(System.nanoTime()).as("round " + i + ": the interrupt reached the worker").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        done.set(true);
        worker.join(5_000);
        assertThat(interruptedInside.get()).as("interrupts seen inside a stretch").isZero();
        assertThat(hooksOutsideTheirStretch.get()).as("hooks run outside their stretch").isZero();
        assertThat(delivered.get()).isEqualTo(rounds);
        assertThat(hooks.get()).as("some interrupts landed during a stretch").isPositive().isLessThanOrEqualTo(rounds);
    }

    private static void spin() {
        int n = ThreadLocalRandom.current().nextInt(200);
        for (int i = 0; i < n; i++) Thread.onSpinWait();
    }

    @Test
    void theInnermostStretchsHookIsCalledAndTheInterruptWaitsForTheOutermost() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<ThreadShield> ref = new AtomicReference<>();
        CountDownLatch innerRaised = new CountDownLatch(1);
        CountDownLatch hookRan = new CountDownLatch(1);
        Thread worker = Thread.ofVirtual().start(() -> {
            ThreadShield shield = new ThreadShield(Thread.currentThread(), null);
            ref.set(shield);
            try (Shield outer = shield.raise(() -> seen.add("outer hook"))) {
                try (Shield inner = shield.raise(() -> {
                    seen.add("inner hook");
                    hookRan.countDown();
                })) {
                    innerRaised.countDown();
                    await(hookRan);
                    seen.add("inner: cancelled=" + inner.cancelled());
                }
                seen.add("between: interrupted=" + Thread.currentThread().isInterrupted() + ", cancelled=" + outer.cancelled());
            }
            seen.add("after: interrupted=" + Thread.currentThread().isInterrupted());
        });
        assertThat(innerRaised.await(5, TimeUnit.SECONDS)).isTrue();
        ref.get().interrupt();
        worker.join(5_000);
        assertThat(seen).containsExactly("inner hook", "inner: cancelled=true",
                "between: interrupted=false, cancelled=true", "after: interrupted=true");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted inside a stretch", e);
        }
    }

    @Test
    void onAThreadDuetNeverInterruptsAStretchOnlyHoldsBackAPendingInterrupt() throws Exception {
        List<String> seen = new ArrayList<>();
        Thread worker = Thread.ofVirtual().start(() -> {
            try (Shield clear = Shield.raise(() -> seen.add("hook"))) {
                seen.add("clear: cancelled=" + clear.cancelled());
            }
            seen.add("after clear: interrupted=" + Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt();
            try (Shield pending = Shield.raise(null)) {
                seen.add("pending: cancelled=" + pending.cancelled() + ", interrupted inside=" + Thread.currentThread().isInterrupted());
            }
            seen.add("after pending: interrupted=" + Thread.interrupted());
        });
        worker.join(5_000);
        assertThat(seen).containsExactly("clear: cancelled=false", "after clear: interrupted=false",
                "pending: cancelled=true, interrupted inside=false", "after pending: interrupted=true");
    }
}
