package dev.duet.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The validators of conditional requests (RFC 9110 §8.8, §13): entity-tag lists as in
 * {@code If-None-Match}, {@code If-Match} and {@code If-Range}, and HTTP dates in their three
 * spellings.
 */
public final class Validators {
    // Each without its day name, which says nothing the date does not (and a two-digit year
    // could not be checked against it before its century is known).
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.US);

    private Validators() {
    }

    /**
     * True if the list {@code header} (entity-tags separated by commas, or {@code *}) has one that
     * matches {@code etag} (a strong tag, with its quotes): by weak comparison (the opaque parts
     * are equal, {@code W/} or not, as {@code If-None-Match} compares), or by strong comparison
     * (neither is weak) if {@code strong}. A malformed list matches nothing.
     */
    public static boolean matches(String header, String etag, boolean strong) {
        String h = header.trim();
        if (h.equals("*")) return true;
        int i = 0;
        int n = h.length();
        while (i < n) {
            char c = h.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            boolean weak = false;
            if (c == 'W' && h.startsWith("W/", i)) {
                weak = true;
                i += 2;
            }
            if (i >= n || h.charAt(i) != '"') return false;
            int close = h.indexOf('"', i + 1);
            if (close < 0) return false;
            String tag = h.substring(i, close + 1);
            if (tag.equals(etag) && !(strong && weak)) return true;
            i = close + 1;
        }
        return false;
    }

    /**
     * An HTTP date (RFC 9110 §5.6.7: IMF-fixdate, or the obsolete RFC 850 and asctime forms that a
     * recipient must still read), or null if {@code value} is none of them.
     */
    public static Instant date(String value) {
        String v = value.trim();
        int comma = v.indexOf(", ");
        int space = v.indexOf(' ');
        String afterName = comma > 0 ? v.substring(comma + 2) : space > 0 ? v.substring(space + 1) : v;
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            if ((f == ASCTIME) == (comma > 0)) continue; // asctime alone has no comma after the day name
            try {
                LocalDateTime t = LocalDateTime.parse(afterName, f);
                if (f == RFC_850 && t.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) t = t.minusYears(100);
                return t.toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return null;
    }
}
