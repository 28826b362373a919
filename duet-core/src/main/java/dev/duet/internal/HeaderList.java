package dev.duet.internal;

import dev.duet.Headers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/** Headers kept as a flat array of name/value pairs: few headers, so a scan beats a map. */
public final class HeaderList implements Headers {
    private String[] pairs;
    private int size;
    /**
     * Bit {@code n % 64} set for each name of length {@code n} here: most lookups of a response's
     * headers are for one it does not have (Content-Encoding, Cache-Control, Connection...), and a
     * clear bit answers those without a scan.
     */
    private long nameLengths;

    public HeaderList() {
        this(8);
    }

    public HeaderList(int expected) {
        pairs = new String[expected * 2];
    }

    @Override
    public String get(String name) {
        if (!mayHave(name)) return null;
        for (int i = 0; i < size * 2; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) return pairs[i + 1];
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        if (!mayHave(name)) return values;
        for (int i = 0; i < size * 2; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) values.add(pairs[i + 1]);
        }
        return values;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size * 2; i += 2) action.accept(pairs[i], pairs[i + 1]);
    }

    @Override
    public int size() {
        return size;
    }

    public void add(String name, String value) {
        checkValue(name, value);
        addPrechecked(name, value);
    }

    /**
     * As {@link #add}, for a name and value checked already (a constant, a setting checked when
     * the config was built): the default headers of every response skip checking them each time.
     */
    public void addPrechecked(String name, String value) {
        if (size * 2 == pairs.length) pairs = Arrays.copyOf(pairs, Math.max(8, pairs.length * 2));
        pairs[size * 2] = name;
        pairs[size * 2 + 1] = value;
        size++;
        nameLengths |= 1L << name.length(); // (a shift by n takes n % 64)
    }

    private boolean mayHave(String name) {
        return (nameLengths & (1L << name.length())) != 0;
    }

    /**
     * Which of {@code names} (at most 32) are here, as bits ({@code 1 << i} for {@code names[i]}),
     * in one pass: cheaper than a {@link #get} for each when several are asked of every response.
     */
    public int presentAmong(String[] names) {
        int present = 0;
        for (int i = 0; i < size * 2; i += 2) {
            String here = pairs[i];
            for (int n = 0; n < names.length; n++) {
                if (here.equalsIgnoreCase(names[n])) present |= 1 << n;
            }
        }
        return present;
    }

    /** Replaces every value of {@code name} with {@code value}; null removes the header. */
    public void set(String name, String value) {
        remove(name);
        if (value != null) add(name, value);
    }

    public void remove(String name) {
        if (!mayHave(name)) return;
        int w = 0;
        long lengths = 0;
        for (int r = 0; r < size * 2; r += 2) {
            if (!pairs[r].equalsIgnoreCase(name)) {
                pairs[w] = pairs[r];
                pairs[w + 1] = pairs[r + 1];
                lengths |= 1L << pairs[w].length();
                w += 2;
            }
        }
        nameLengths = lengths;
        Arrays.fill(pairs, w, size * 2, null);
        size = w / 2;
    }

    public void clear() {
        Arrays.fill(pairs, 0, size * 2, null);
        size = 0;
        nameLengths = 0;
    }

    /** Header injection guard: a CR or LF in a name or value would let a value start a new header. */
    private static void checkValue(String name, String value) {
        if (name == null || value == null) throw new IllegalArgumentException("header name and value must not be null");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':') throw new IllegalArgumentException("invalid header name: " + name);
        }
        if (!isOneLine(value)) throw new IllegalArgumentException("CR/LF in the value of header " + name);
    }

    /** True if {@code value} has no CR or LF, so sent as a header value it cannot start another header. */
    public static boolean isOneLine(String value) {
        // indexOf is a vectorised search: every header of every response passes here
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        forEach((n, v) -> sb.append(sb.length() > 1 ? ", " : "").append(n).append(": ").append(v));
        return sb.append('}').toString();
    }
}
