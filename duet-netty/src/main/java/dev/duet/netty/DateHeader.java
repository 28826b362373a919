package dev.duet.netty;

import dev.duet.spi.HttpDate;
import io.netty.util.AsciiString;

import java.time.Instant;

/**
 * Core's shared {@link HttpDate}, kept as an {@link AsciiString} the encoder copies without
 * re-encoding: rewrapped only when the second (and so the String instance) changes.
 */
final class DateHeader {
    private record Wrapped(String source, AsciiString value) {
    }

    private static volatile Wrapped current = new Wrapped("", AsciiString.EMPTY_STRING);

    private DateHeader() {
    }

    static AsciiString now() {
        return of(HttpDate.now());
    }

    /** {@code date}, a value of {@link HttpDate#now()}, as an AsciiString: the same one for the whole second. */
    static AsciiString of(String date) {
        Wrapped w = current;
        if (w.source != date) {
            w = new Wrapped(date, new AsciiString(date));
            current = w;
        }
        return w.value;
    }

    static String format(Instant instant) {
        return HttpDate.format(instant);
    }
}
