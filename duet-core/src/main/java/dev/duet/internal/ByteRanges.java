package dev.duet.internal;

import java.util.Locale;

/**
 * A {@code Range} header (RFC 9110 §14.2) read against a representation of {@code length} bytes.
 * Only one range is served: a request for several ({@code bytes=0-9,20-29}) is answered with the
 * whole representation, which RFC 9110 allows ("a server MAY ignore the Range header field") and
 * which spares clients a multipart/byteranges body that few of them parse. A header that does not
 * parse, or names another unit, is ignored too, as the RFC requires.
 */
public final class ByteRanges {
    /** What to send. */
    public sealed interface Outcome {
    }

    /** The whole representation, with 200. */
    public record Whole() implements Outcome {
    }

    /** Bytes {@code first} to {@code last}, both included, with 206 and {@code Content-Range}. */
    public record Part(long first, long last) implements Outcome {
        /** The number of bytes in the part. */
        public long length() {
            return last - first + 1;
        }
    }

    /** No range overlaps the representation: 416 with {@code Content-Range: bytes *}{@code /length}. */
    public record Unsatisfiable() implements Outcome {
    }

    private static final Whole WHOLE = new Whole();
    private static final Unsatisfiable UNSATISFIABLE = new Unsatisfiable();

    private ByteRanges() {
    }

    /** What {@code header} (null if absent) asks of a representation of {@code length} bytes. */
    public static Outcome of(String header, long length) {
        if (header == null) return WHOLE;
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) return WHOLE;
        String[] specs = h.substring(eq + 1).split(",", -1);
        Part only = null;
        int satisfiable = 0;
        int listed = 0;
        for (String raw : specs) {
            String spec = raw.trim();
            if (spec.isEmpty()) continue; // RFC 9110 §5.6.1: empty list elements are allowed and not counted
            listed++;
            int dash = spec.indexOf('-');
            if (dash < 0) return WHOLE;
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            Part part;
            if (a.isEmpty()) { // suffix: the last b bytes
                long n = digits(b);
                if (n < 0) return WHOLE;
                if (n == 0 || length == 0) continue;
                part = new Part(Math.max(0, length - n), length - 1);
            } else {
                long first = digits(a);
                if (first < 0) return WHOLE;
                long last;
                if (b.isEmpty()) {
                    last = length - 1;
                } else {
                    last = digits(b);
                    if (last < 0 || last < first) return WHOLE; // an invalid spec makes the whole header invalid
                    last = Math.min(last, length - 1);
                }
                if (first >= length) continue;
                part = new Part(first, last);
            }
            satisfiable++;
            only = part;
        }
        if (listed == 0) return WHOLE;
        if (satisfiable == 0) return UNSATISFIABLE;
        return satisfiable == 1 ? only : WHOLE;
    }

    /** {@code s} as a non-negative number (1*DIGIT, at most 18 digits), or -1. */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) return -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
        }
        return Long.parseLong(s);
    }
}
