package dev.duet.spi;

import java.util.List;
import java.util.Locale;

/**
 * The rules of RFC 9112 that every core holds a request to, beyond what its HTTP parser checks, so
 * that the cores refuse the same requests with the same words: the request target, {@code Host},
 * the HTTP version and {@code Transfer-Encoding}. Each check returns null for a request that
 * passes, or a {@link Refusal}: the status, and the message the core answers with (through
 * {@link CoreErrors#response}) before it closes the connection.
 *
 * <pre>{@code
 * RequestGrammar.Refusal r = RequestGrammar.target(method, target);
 * if (r != null) refuse(r.status(), r.message());
 * }</pre>
 *
 * <p>Where the RFCs leave a choice, the strict one is taken: a request that a proxy in front of
 * the server could read another way is refused rather than repaired (that difference is how
 * request smuggling starts).
 */
public final class RequestGrammar {
    private RequestGrammar() {
    }

    /** Why a request is refused: its status, and what is wrong ({@code why}) in a few words. */
    public record Refusal(int status, String why) {
        /** The message to answer with: {@link CoreErrors#malformed} for a 400, else {@code why} as it is. */
        public String message() {
            return status == 400 ? CoreErrors.malformed(why) : why;
        }
    }

    /**
     * The request target ({@code target}, as sent) of a request of {@code method}: origin-form
     * ({@code /path?query}), absolute-form of {@code http} or {@code https} (whose authority wins
     * over {@code Host}, RFC 9112 §3.2.2), {@code *} for OPTIONS, an authority for CONNECT. A target
     * with a control character, a space, a byte past ASCII or a fragment ({@code #}) is refused.
     */
    public static Refusal target(String method, String target) {
        if (target == null || target.isEmpty()) return bad("empty request target");
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return bad("request target with a control character, a space or a byte past ASCII");
            if (c == '#') return bad("request target with a fragment (#)");
        }
        char first = target.charAt(0);
        if (first == '/') return null;
        if (target.equals("*")) return method.equals("OPTIONS") ? null : bad("request target * is for OPTIONS only");
        if (method.equals("CONNECT")) return null; // authority-form; the method itself is answered 501
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int from = lower.indexOf("//") + 2;
            int end = from;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') end++;
            String authority = target.substring(from, end);
            return !authority.isEmpty() && validHost(authority) ? null : bad("request target with an invalid authority");
        }
        if (target.indexOf("://") > 0) return bad("request target of a scheme other than http and https");
        return bad("request target is neither a path nor an http(s) URI");
    }

    /**
     * The HTTP version as sent: {@code HTTP/1.1} and {@code HTTP/1.0} pass; any other well-formed
     * version is a 505 (Duet speaks no other), and anything else, a lower-case name included (it is
     * case-sensitive, RFC 9112 §2.3), a 400.
     */
    public static Refusal version(String version) {
        if (version.equals("HTTP/1.1") || version.equals("HTTP/1.0")) return null;
        boolean wellFormed = version.length() == 8 && version.startsWith("HTTP/") && isDigit(version.charAt(5))
                && version.charAt(6) == '.' && isDigit(version.charAt(7));
        if (!wellFormed) return bad("malformed HTTP version");
        return new Refusal(505, "HTTP version " + version + " is not supported (HTTP/1.1 and HTTP/1.0 are)");
    }

    /**
     * The {@code Host} fields of a request ({@code hosts}, every value received): exactly one in
     * HTTP/1.1 ({@code http11}), at most one in HTTP/1.0, each a host name or IP literal with an
     * optional port (RFC 9112 §3.2, RFC 3986 §3.2.2).
     */
    public static Refusal host(List<String> hosts, boolean http11) {
        if (hosts.size() > 1) return bad("more than one Host header");
        if (hosts.isEmpty()) return http11 ? bad("no Host header (HTTP/1.1 requires one)") : null;
        return validHost(hosts.getFirst().strip()) ? null : bad("invalid Host header");
    }

    private static boolean validHost(String h) {
        int end = h.length();
        int colon = h.lastIndexOf(':');
        int bracket = h.lastIndexOf(']');
        if (colon > bracket) {
            for (int i = colon + 1; i < end; i++) if (!isDigit(h.charAt(i))) return false;
            end = colon;
        }
        if (h.startsWith("[")) {
            if (bracket != end - 1) return false;
            for (int i = 1; i < bracket; i++) {
                char c = h.charAt(i);
                if (!(isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) return false;
            }
            return bracket > 1;
        }
        for (int i = 0; i < end; i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /**
     * The {@code Transfer-Encoding} fields of a request ({@code values}, in order; empty if none):
     * in HTTP/1.0 any is faulty framing, a 400 (RFC 9112 §6.1); chunked must be the final coding
     * and appear once, or it is a 400 (§6.3); a coding before it that Duet does not implement (it
     * implements none) is a 501 rather than silently ignored (§6.1).
     */
    public static Refusal transferEncoding(List<String> values, boolean http10) {
        if (values.isEmpty()) return null;
        if (http10) return bad("Transfer-Encoding in an HTTP/1.0 request");
        String joined = String.join(",", values);
        String[] codings = joined.split(",");
        String last = null;
        String other = null;
        int chunked = 0;
        for (String raw : codings) {
            String coding = raw.strip().toLowerCase(Locale.ROOT);
            int semicolon = coding.indexOf(';');
            if (semicolon >= 0) coding = coding.substring(0, semicolon).strip();
            if (coding.isEmpty()) continue;
            last = coding;
            if (coding.equals("chunked")) chunked++;
            else if (other == null) other = raw.strip();
        }
        if (!"chunked".equals(last)) {
            return bad("Transfer-Encoding " + joined + " does not end with chunked, so the body's length is unknown");
        }
        if (chunked > 1) return bad("Transfer-Encoding applies chunked more than once");
        if (other != null) {
            return new Refusal(501, "Transfer-Encoding " + other + " is not supported (only chunked is)");
        }
        return null;
    }

    private static Refusal bad(String why) {
        return new Refusal(400, why);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
