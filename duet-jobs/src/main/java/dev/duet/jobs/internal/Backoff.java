package dev.duet.jobs.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a retry: {@code base * 2^(failures-1)}, capped at {@code max}, then a random part
 * of its second half taken off, so that jobs which failed together (a database restart) do not all
 * come back at the same instant.
 */
public record Backoff(Duration base, Duration max) {
    /** The wait's upper bound after {@code failures} failed attempts (1 for the first). */
    public Duration ceiling(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 40);
        long millis = base.toMillis();
        long capped = millis > (max.toMillis() >> shift) ? max.toMillis() : millis << shift;
        return Duration.ofMillis(Math.min(capped, max.toMillis()));
    }

    /** A wait between half of {@link #ceiling} and all of it. */
    public Duration delay(int failures) {
        long c = ceiling(failures).toMillis();
        long half = c / 2;
        return Duration.ofMillis(c - (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }
}
