package dev.duet.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids: a random per-process prefix and a counter, so ids are unique across instances
 * behind a balancer and cost one atomic increment and one string each.
 */
public final class RequestIds {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public RequestIds() {
        long r = new SecureRandom().nextLong() & 0xFFFFFFFFFFL;
        prefix = Long.toString(r, 36) + "-";
    }

    public String next() {
        return prefix + counter.incrementAndGet(); // a decimal counter: concatenation sizes one string, no intermediate
    }

    /** An id sent by the client (e.g. by a proxy), if it is safe to echo and log. */
    public static boolean acceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '.' && c != ':') return false;
        }
        return true;
    }
}
