package dev.duet.internal;

import dev.duet.HttpError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of paths, query strings and url-encoded forms (UTF-8, strictly: {@link Utf8}). */
public final class UrlEncoding {
    private UrlEncoding() {
    }

    /** Parses {@code a=1&b=2&a=3} into name -> values in order; {@code +} is a space. */
    public static Map<String, List<String>> parseQuery(String query) {
        if (query == null || query.isEmpty()) return Map.of();
        Map<String, List<String>> params = new LinkedHashMap<>();
        int start = 0;
        int len = query.length();
        while (start <= len) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? len : amp;
            if (end > start) {
                int eq = query.indexOf('=', start);
                String name;
                String value;
                if (eq < 0 || eq > end) {
                    name = decode(query, start, end, true);
                    value = "";
                } else {
                    name = decode(query, start, eq, true);
                    value = decode(query, eq + 1, end, true);
                }
                params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        params.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(params);
    }

    /** Decodes one path segment ({@code +} stays a plus). */
    public static String decodePath(String s) {
        return decode(s, 0, s.length(), false);
    }

    static String decode(String s, int from, int to, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                plain = false;
                break;
            }
        }
        if (plain) return s.substring(from, to);
        byte[] out = new byte[(to - from) * 3];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) throw HttpError.badRequest("Malformed percent-encoding in '" + s.substring(from, to) + "'");
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw HttpError.badRequest("Malformed percent-encoding in '" + s.substring(from, to) + "'");
                out[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                out[n++] = ' ';
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < to) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                System.arraycopy(utf8, 0, out, n, utf8.length);
                n += utf8.length;
            }
        }
        return Utf8.decode(out, 0, n, StandardCharsets.UTF_8, plusIsSpace ? "a query or form parameter" : "the request path");
    }
}
