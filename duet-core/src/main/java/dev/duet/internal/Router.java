package dev.duet.internal;

import dev.duet.HttpMethod;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A segment trie. Patterns: static segments, {@code {name}}, typed {@code {name:int}},
 * {@code {name:long}}, {@code {name:uuid}}, and a last-segment catch-all {@code {name:*}}.
 * At each segment a static child wins over a typed parameter, a typed one over a plain one, and
 * any of them over a catch-all; a typed parameter whose segment does not parse does not match.
 */
public final class Router<T> {

    public enum ParamType { STRING, INT, LONG, UUID, REST }

    /** The outcome of a lookup: {@code value} set if found; otherwise {@code allowed} non-empty means 405. */
    public record Match<T>(T value, String pattern, String[] names, Object[] values, Set<HttpMethod> allowed) {
        public boolean found() {
            return value != null;
        }
    }

    private static final class Node<T> {
        final Map<String, Node<T>> statics = new HashMap<>();
        final List<Node<T>> params = new ArrayList<>(1);
        String paramName;
        ParamType paramType;
        final EnumMap<HttpMethod, T> handlers = new EnumMap<>(HttpMethod.class);
        String pattern;
    }

    private static final String[] NO_NAMES = {};
    private static final Object[] NO_VALUES = {};

    private final Node<T> root = new Node<>();
    /**
     * The routes without parameters, by their whole path: most requests of most apps find theirs
     * here with one lookup, without splitting the path or walking the trie (which would find the
     * same node first: a static segment wins at every level).
     */
    private final Map<String, Node<T>> staticRoutes = new HashMap<>();
    private int maxParams;

    /** Adds a route; fails on a malformed pattern or one that repeats an existing method + pattern. */
    public void add(HttpMethod method, String pattern, T value) {
        List<String> segments = split(pattern);
        Node<T> node = root;
        int params = 0;
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            if (seg.startsWith("{") && seg.endsWith("}")) {
                String spec = seg.substring(1, seg.length() - 1);
                int colon = spec.indexOf(':');
                String name = colon < 0 ? spec : spec.substring(0, colon);
                ParamType type = colon < 0 ? ParamType.STRING : parseType(spec.substring(colon + 1), pattern);
                if (name.isEmpty()) throw new IllegalArgumentException("empty parameter name in route " + pattern);
                if (type == ParamType.REST && i != segments.size() - 1) {
                    throw new IllegalArgumentException("catch-all {" + spec + "} must be the last segment in " + pattern);
                }
                Node<T> child = null;
                for (Node<T> p : node.params) {
                    if (p.paramType == type) {
                        if (!p.paramName.equals(name)) {
                            throw new IllegalArgumentException("route " + pattern + " names parameter '" + name
                                    + "' where another route names it '" + p.paramName + "'");
                        }
                        child = p;
                    }
                }
                if (child == null) {
                    child = new Node<>();
                    child.paramName = name;
                    child.paramType = type;
                    node.params.add(child);
                    node.params.sort((a, b) -> Integer.compare(rank(a.paramType), rank(b.paramType)));
                }
                node = child;
                params++;
            } else {
                if (seg.indexOf('{') >= 0 || seg.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("a parameter must be a whole segment: '" + seg + "' in " + pattern);
                }
                node = node.statics.computeIfAbsent(seg, k -> new Node<>());
            }
        }
        if (node.handlers.containsKey(method)) {
            throw new IllegalArgumentException("duplicate route: " + method + " " + pattern
                    + " (already registered as " + method + " " + node.pattern + ")");
        }
        node.handlers.put(method, value);
        node.pattern = pattern;
        if (params == 0) staticRoutes.put(pattern, node);
        maxParams = Math.max(maxParams, params);
    }

    /** Finds the route for {@code method} and a decoded-later raw {@code path} (no query). */
    public Match<T> match(HttpMethod method, String path) {
        Node<T> exact = staticRoutes.get(path);
        if (exact != null) {
            T value = exact.handlers.get(method);
            if (value == null && method == HttpMethod.HEAD) value = exact.handlers.get(HttpMethod.GET);
            // (another method: the trie decides, a parameter route may take it, or it is a 405)
            if (value != null) return new Match<>(value, exact.pattern, NO_NAMES, NO_VALUES, Set.of());
        }
        List<String> segments = split(path);
        Search<T> s = new Search<>(method, segments, maxParams);
        if (find(root, 0, s, 0)) {
            return s.count == 0
                    ? new Match<>(s.value, s.pattern, NO_NAMES, NO_VALUES, Set.of())
                    : new Match<>(s.value, s.pattern, java.util.Arrays.copyOf(s.names, s.count),
                            java.util.Arrays.copyOf(s.values, s.count), Set.of());
        }
        Set<HttpMethod> allowed = s.allowed == null ? Set.of() : s.allowed;
        return new Match<>(null, null, null, null, allowed);
    }

    private static final class Search<T> {
        final HttpMethod method;
        final List<String> segments;
        final String[] names;
        final Object[] values;
        T value;
        String pattern;
        int count;
        EnumSet<HttpMethod> allowed;

        Search(HttpMethod method, List<String> segments, int maxParams) {
            this.method = method;
            this.segments = segments;
            this.names = new String[maxParams];
            this.values = new Object[maxParams];
        }
    }

    private boolean find(Node<T> node, int index, Search<T> s, int depth) {
        if (index == s.segments.size()) {
            return terminal(node, s, depth);
        }
        String seg = s.segments.get(index);
        Node<T> child = node.statics.get(seg);
        // Percent-encoded octets are the same characters (RFC 3986 6.2.2.2): /caf%C3%A9 is /café.
        if (child == null && seg.indexOf('%') >= 0) child = node.statics.get(UrlEncoding.decodePath(seg));
        if (child != null && find(child, index + 1, s, depth)) return true;
        for (Node<T> p : node.params) {
            if (p.paramType == ParamType.REST) {
                s.names[depth] = p.paramName;
                s.values[depth] = rest(s.segments, index);
                if (terminal(p, s, depth + 1)) return true;
                continue;
            }
            Object value = convert(p.paramType, seg);
            if (value == null) continue;
            s.names[depth] = p.paramName;
            s.values[depth] = value;
            if (find(p, index + 1, s, depth + 1)) return true;
        }
        return false;
    }

    private boolean terminal(Node<T> node, Search<T> s, int depth) {
        if (node.handlers.isEmpty()) {
            // A catch-all also matches nothing at all: /files/{p:*} serves /files/.
            for (Node<T> p : node.params) {
                if (p.paramType == ParamType.REST && !p.handlers.isEmpty()) {
                    s.names[depth] = p.paramName;
                    s.values[depth] = "";
                    return terminal(p, s, depth + 1);
                }
            }
            return false;
        }
        T value = node.handlers.get(s.method);
        if (value == null && s.method == HttpMethod.HEAD) value = node.handlers.get(HttpMethod.GET);
        if (value != null) {
            s.value = value;
            s.pattern = node.pattern;
            s.count = depth;
            return true;
        }
        // Every route the path matches adds its methods: /files/a may be a static GET and a {name} PUT.
        if (s.allowed == null) s.allowed = EnumSet.of(HttpMethod.OPTIONS);
        s.allowed.addAll(node.handlers.keySet());
        if (s.allowed.contains(HttpMethod.GET)) s.allowed.add(HttpMethod.HEAD);
        return false;
    }

    private static Object convert(ParamType type, String raw) {
        if (raw.isEmpty()) return null;
        String seg = raw.indexOf('%') >= 0 ? UrlEncoding.decodePath(raw) : raw;
        try {
            return switch (type) {
                case STRING -> seg;
                case INT -> Integer.parseInt(seg);
                case LONG -> Long.parseLong(seg);
                case UUID -> seg.length() == 36 ? UUID.fromString(seg) : null;
                case REST -> seg;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String rest(List<String> segments, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < segments.size(); i++) {
            if (i > from) sb.append('/');
            sb.append(UrlEncoding.decodePath(segments.get(i)));
        }
        return sb.toString();
    }

    private static int rank(ParamType t) {
        return switch (t) {
            case UUID -> 0;
            case INT -> 1;
            case LONG -> 2;
            case STRING -> 3;
            case REST -> 4;
        };
    }

    private static ParamType parseType(String t, String pattern) {
        return switch (t) {
            case "int" -> ParamType.INT;
            case "long" -> ParamType.LONG;
            case "uuid" -> ParamType.UUID;
            case "*" -> ParamType.REST;
            case "string", "str" -> ParamType.STRING;
            default -> throw new IllegalArgumentException("unknown parameter type '" + t + "' in " + pattern
                    + " (use int, long, uuid, string or *)");
        };
    }

    /** Splits {@code /a/b} into [a, b]; {@code /} into []; {@code /a/} into [a, ""]. */
    static List<String> split(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new IllegalArgumentException("a path must start with '/': " + path);
        }
        List<String> out = new ArrayList<>(4);
        if (path.length() == 1) return out;
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                out.add(path.substring(start));
                return out;
            }
            out.add(path.substring(start, slash));
            start = slash + 1;
        }
    }
}
