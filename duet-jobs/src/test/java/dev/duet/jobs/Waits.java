package dev.duet.jobs;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition, with a generous limit; a timeout fails saying what was awaited and what was seen. */
final class Waits {
    private Waits() {
    }

    static void until(String what, Duration limit, BooleanSupplier condition) {
        until(what, limit, condition, () -> "");
    }

    static void until(String what, Duration limit, BooleanSupplier condition, Supplier<Object> seen) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("Timed out after " + limit + " waiting for " + what + "; seen: " + seen.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
