package dev.duet.spi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header value (IMF-fixdate, RFC 9110 §5.6.7) for cores, formatted at most once
 * per second and shared by every thread: a response costs one clock read and one volatile read.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Stamp(long second, String value) {
    }

    private static volatile Stamp current = stamp(System.currentTimeMillis() / 1000);

    private HttpDate() {
    }

    /** Now, formatted; the same String instance for every call within one second. */
    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = current;
        if (s.second != second) {
            s = stamp(second);
            current = s;
        }
        return s.value;
    }

    /**
     * {@code instant} as an IMF-fixdate in GMT, truncated to the second, e.g.
     * {@code Sun, 06 Nov 1994 08:49:37 GMT}; formats anew on every call, unlike {@link #now()}.
     */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    private static Stamp stamp(long second) {
        return new Stamp(second, format(Instant.ofEpochSecond(second)));
    }
}
