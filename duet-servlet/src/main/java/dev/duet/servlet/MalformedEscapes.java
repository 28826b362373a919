package dev.duet.servlet;

/**
 * Makes a request target with malformed percent-escapes ({@code /users/%zz}, {@code /a%}) one that
 * Jetty's HTTP/1 parser accepts, by escaping each stray {@code %} of its path as {@code %25}. Jetty
 * refuses such a target before any handler runs, whatever its {@code UriCompliance} (its URI parser
 * decodes the path as it reads it); Duet's router must see it, as sent, to answer its own precise 400.
 */
final class MalformedEscapes {
    private MalformedEscapes() {
    }

    /**
     * {@code target} with every {@code %} of its path that does not start a two-hex-digit escape
     * written {@code %25}, or {@code target} itself (the same instance) if there is none. Only an
     * origin-form target ({@code /path?query}) is changed: the query is never decoded by Jetty's
     * parser, and an absolute-form one is meant for a proxy.
     */
    static String escape(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') return target;
        int end = pathEnd(target);
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < end; i++) {
            if (target.charAt(i) != '%' || startsEscape(target, i, end)) continue;
            if (out == null) out = new StringBuilder(target.length() + 8);
            out.append(target, copied, i).append("%25");
            copied = i + 1;
        }
        if (out == null) return target;
        return out.append(target, copied, target.length()).toString();
    }

    private static int pathEnd(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') return i;
        }
        return target.length();
    }

    private static boolean startsEscape(String s, int percent, int end) {
        return percent + 2 < end && hex(s.charAt(percent + 1)) && hex(s.charAt(percent + 2));
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
