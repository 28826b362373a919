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

    /** When a browser sends the cookie with requests from other sites: never, on top-level navigation, always. */
    public enum SameSite { STRICT, LAX, NONE }

    /** Checks the name is an HTTP token and the value has only cookie-safe characters. */
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

    /** A session cookie {@code name=value} with the secure defaults: HttpOnly, SameSite=Lax, Path=/. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, "/", null, null, false, true, SameSite.LAX);
    }

    /** A cookie that tells the browser to forget {@code name}. */
    public static Cookie expired(String name) {
        return of(name, "").maxAge(Duration.ZERO);
    }

    /** This cookie for {@code path} and below (null: the browser's default, the request's directory). */
    public Cookie path(String path) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie for {@code domain} and its subdomains (null: the host that set it only). */
    public Cookie domain(String domain) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie kept for {@code maxAge} (null: until the browser closes; zero: deleted now). */
    public Cookie maxAge(Duration maxAge) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie sent over HTTPS only, or not. */
    public Cookie secure(boolean secure) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie hidden from the page's scripts (the default), or not. */
    public Cookie httpOnly(boolean httpOnly) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
    }

    /** This cookie with another {@link SameSite} rule ({@code NONE} needs {@link #secure(boolean) secure}). */
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
