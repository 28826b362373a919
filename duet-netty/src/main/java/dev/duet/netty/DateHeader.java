package dev.duet.netty;

import io.netty.util.AsciiString;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once per second
 * and shared by every event loop: a request costs one clock read and one volatile read.
 */
final class DateHeader {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Stamp(long second, AsciiString value) {
    }

    private static volatile Stamp current = stamp(System.currentTimeMillis() / 1000);

    private DateHeader() {
    }

    /** The current date, as an {@link AsciiString} the encoder copies without re-encoding. */
    static AsciiString now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = current;
        if (s.second != second) {
            s = stamp(second);
            current = s;
        }
        return s.value;
    }

    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    private static Stamp stamp(long second) {
        return new Stamp(second, new AsciiString(format(Instant.ofEpochSecond(second))));
    }
}
