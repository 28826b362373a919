package dev.duet.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The file a static-files request names, read from the request's path as sent (still
 * percent-encoded), so that what the client encoded ({@code %2f}, {@code %2e%2e}) is never mistaken
 * for structure. Each segment is decoded on its own and refused if, decoded, it could mean anything
 * but one plain name in one folder. Refusing beats normalising: {@code a/../b} is not {@code b}
 * here, it is no file at all, so no spelling of a path can reach above the root.
 */
public final class StaticPaths {
    private StaticPaths() {
    }

    /**
     * The part of {@code path} (the request's raw path) that the catch-all parameter ending
     * {@code pattern} (the matched route, e.g. {@code /static/{file:*}}) matched, still encoded.
     *
     * @throws IllegalStateException if the pattern does not end with a catch-all
     */
    public static String tail(String pattern, String path) {
        int lastSlash = pattern.lastIndexOf('/');
        String last = pattern.substring(lastSlash + 1);
        if (!(last.startsWith("{") && last.endsWith(":*}"))) {
            throw new IllegalStateException("StaticFiles serves a route ending in a catch-all parameter, e.g. "
                    + "app.get(\"/static/{file:*}\", StaticFiles.directory(dir)); " + pattern + " has none");
        }
        if (path.startsWith("http://") || path.startsWith("https://")) { // absolute-form: routed by its path alone
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int before = 0; // segments before the catch-all
        for (int i = 0; i < lastSlash; i++) if (pattern.charAt(i) == '/') before++;
        int pos = 1;
        for (int i = 0; i < before; i++) {
            int slash = path.indexOf('/', pos);
            if (slash < 0) return "";
            pos = slash + 1;
        }
        return pos >= path.length() ? "" : path.substring(pos);
    }

    /**
     * The decoded names of {@code tail}'s segments, or null if it names no file that may be served:
     * empty (a folder), an empty segment ({@code a//b}, a trailing slash, an absolute path), a
     * {@code .} or {@code ..} segment, a segment that decodes to a separator ({@code %2f},
     * {@code %5c}, a backslash), a drive ({@code :}), a control character ({@code %00}), or, unless
     * {@code hidden}, a name starting with a dot.
     *
     * @throws dev.duet.HttpError 400 if a segment's percent-encoding is malformed, or decodes to
     *         bytes that are not UTF-8 (overlong forms such as {@code %c0%ae} among them)
     */
    public static List<String> segments(String tail, boolean hidden) {
        if (tail.isEmpty()) return null;
        List<String> out = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int slash = tail.indexOf('/', start);
            String raw = slash < 0 ? tail.substring(start) : tail.substring(start, slash);
            String name = UrlEncoding.decodePath(raw);
            if (!plainName(name, hidden)) return null;
            out.add(name);
            if (slash < 0) return out;
            start = slash + 1;
        }
    }

    private static boolean plainName(String name, boolean hidden) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) return false;
        if (name.charAt(0) == '.' && !hidden) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':' || c == '\uFFFD') return false;
        }
        return true;
    }
}
