package dev.duet;

import java.net.URI;
import java.util.Locale;

/**
 * What templates and scripts need from Duet's cross-site request forgery protection, on by
 * default for POST, PUT, PATCH and DELETE (the {@code csrf} setting; {@link Route#csrf(boolean)}
 * and {@code group.csrf(false)} opt out). A browser's unsafe request passes when its
 * {@code Sec-Fetch-Site} is {@code same-origin} or {@code none}, or, from a browser without Fetch
 * Metadata, when its {@code Origin} is the app's own; an origin in the {@code trustedOrigins}
 * setting passes too. A request with neither header but with cookies (an old browser) must carry
 * the synchronizer token: the form field {@value #FIELD} or the header {@value #HEADER}, made for
 * the signed secret in the cookie {@value #COOKIE}. The token is masked afresh for every response
 * (so it never repeats in a compressed page: BREACH), and any token made for the cookie passes. A request with neither header and no cookie at
 * all carries no ambient credential to abuse, so it passes: that is an API client, not a browser.
 * A refusal is a 403 naming the failed check, in its message and in the {@code X-CSRF-Failure}
 * header.
 *
 * <pre>{@code
 * // in a Pebble template (duet-pebble): {{ csrf_field() }} writes the hidden input
 * app.get("/form", req -> Response.html("<form method=post action=/save>" + Csrf.field(req)
 *         + "<button>Save</button></form>"));
 * app.post("/webhook", req -> "ok").csrf(false);         // signed by its sender, not a browser
 * }</pre>
 */
public final class Csrf {
    /** The form field that carries the token: {@value}. */
    public static final String FIELD = "_csrf";
    /** The header that carries the token (for scripts): {@value}. */
    public static final String HEADER = "X-CSRF-Token";
    /** The cookie that holds the signed token: {@value}. */
    public static final String COOKIE = "duet_csrf";
    /** The request attribute holding the request's CSP nonce: {@value}. */
    public static final String NONCE_ATTRIBUTE = "cspNonce";

    private Csrf() {
    }

    /**
     * This client's token, for a form field or a script's {@value #HEADER} header: made for the
     * secret its cookie holds, or for a new one (whose cookie the response then sets). The same
     * string for the whole request; another on the next.
     */
    public static String token(Request req) {
        return req.app().security().token(req);
    }

    /** A hidden {@code <input>} carrying {@link #token}, to put inside a form. */
    public static String field(Request req) {
        // The token is base64url, nothing to escape.
        return "<input type=\"hidden\" name=\"" + FIELD + "\" value=\"" + token(req) + "\">";
    }

    /**
     * The request's Content-Security-Policy nonce: an inline {@code <script nonce="...">} or
     * {@code <style nonce="...">} carrying it runs under the default policy; null when security
     * headers are off. Made the first time it is asked for (then also
     * {@code request.attribute("cspNonce")}); a response that never asked gets a policy without a
     * nonce source, so a request that renders no page pays for no random number.
     */
    public static String cspNonce(Request req) {
        String nonce = req.attribute(NONCE_ATTRIBUTE);
        if (nonce == null) {
            nonce = req.app().security().newNonce();
            if (nonce != null) req.attribute(NONCE_ATTRIBUTE, nonce);
        }
        return nonce;
    }

    /** {@code origin} in the form browsers send ({@code scheme://host[:port]}, lower case), or fails naming {@code what}. */
    static String requireOrigin(String what, String origin) {
        String o = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) o = o.substring(0, o.length() - 1);
        URI uri;
        try {
            uri = new URI(o);
        } catch (Exception e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException(what + " must be scheme://host[:port], got '" + origin + "'");
        }
        return o;
    }
}
