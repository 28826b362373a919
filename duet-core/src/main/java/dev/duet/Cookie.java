package dev.duet;

import java.time.Duration;
import java.util.Objects;

/**
 * A cookie to set on a response. Secure defaults: {@code HttpOnly}, {@code SameSite=Lax},
 * {@code Path=/}.
 *
 * <pre>{@code
 * return Response.text("hi").cookie(Cookie.of("theme", "dark").maxAge(Duration.ofDays(30)));
 * }</pre>
 */
public record Cookie(String name, String value, String path, String domain, Duration maxAge,
                     boolean secure, boolean httpOnly, SameSite sameSite) {

    public enum SameSite { STRICT, LAX, NONE }

    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !isToken(name)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        if (!isCookieValue(value)) {
            throw new IllegalArgumentException("invalid characters in the value of cookie " + name
                    + " (encode it, e.g. with URLEncoder or Base64)");
        }
    }

    public static Cookie of(String name, String value) {
        return new Cookie(name, value, "/", null, null, false, true, SameSite.LAX);
    }

    /** A cookie that tells the browser to forget {@code name}. */
    public static Cookie expired(String name) {
        return of(name, "").maxAge(Duration.ZERO);
    }

    public Cookie path(String path) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    public Cookie domain(String domain) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    public Cookie maxAge(Duration maxAge) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    public Cookie secure(boolean secure) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    public Cookie httpOnly(boolean httpOnly) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    public Cookie sameSite(SameSite sameSite) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** The {@code Set-Cookie} header value. */
    public String toHeader() {
        StringBuilder sb = new StringBuilder(64).append(name).append('=').append(value);
        if (path != null) sb.append("; Path=").append(path);
        if (domain != null) sb.append("; Domain=").append(domain);
        if (maxAge != null) sb.append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()));
        if (secure || sameSite == SameSite.NONE) sb.append("; Secure");
        if (httpOnly) sb.append("; HttpOnly");
        if (sameSite != null) {
            sb.append("; SameSite=").append(switch (sameSite) {
                case STRICT -> "Strict";
                case LAX -> "Lax";
                case NONE -> "None";
            });
        }
        return sb.toString();
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) return false;
        }
        return true;
    }

    private static boolean isCookieValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') return false;
        }
        return true;
    }
}
