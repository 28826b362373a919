package dev.duet;

import dev.duet.internal.ProxyTrust;
import dev.duet.internal.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The app's CSRF check, its tokens, the default security headers with the CSP nonce, and the CORS
 * headers of actual responses: one per app, made from its {@link Config}.
 */
final class Security {
    private static final Logger log = LoggerFactory.getLogger(Security.class);
    /** The methods that must not change anything, so are never checked. */
    static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);
    private static final String TOKEN = "duet.csrf.token";
    private static final String NEW_TOKEN = "duet.csrf.new";

    /** A refused request: which check failed, and why, in words for the 403. */
    record Failure(String check, String message) {
    }

    private final Config config;
    private final ProxyTrust proxies;
    private final Set<String> trusted;
    private final SecureRandom random = new SecureRandom();
    private final Secrets keys;
    private final boolean ephemeralKey;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final String policyWithoutNonce;

    Security(Config config, ProxyTrust proxies) {
        this.config = config;
        this.proxies = proxies;
        Set<String> t = new HashSet<>();
        for (String o : config.trustedOrigins()) t.add(Csrf.requireOrigin("trustedOrigins", o));
        this.trusted = Set.copyOf(t);
        // Without configured secrets, tokens are signed with a key made now: they work, but not
        // across a restart or between instances (said once, when the first token is made).
        this.ephemeralKey = config.secrets().isEmpty();
        this.keys = ephemeralKey ? Secrets.of(randomString(48)) : config.secrets();
        this.policyWithoutNonce = SecurityHeaders.withoutNonce(config.contentSecurityPolicy());
    }

    // ---- CSP nonce and headers ----

    /** A fresh nonce for a request's Content-Security-Policy, when the policy is sent (see {@link Csrf#cspNonce}). */
    String newNonce() {
        return config.securityHeaders() && !config.contentSecurityPolicy().isEmpty() ? randomString(18) : null;
    }

    /**
     * Every response's last touch: the default security headers the app did not set itself, HSTS
     * on HTTPS when configured, the CSRF cookie of a token made for this request, the CORS headers.
     */
    void decorate(Request req, Response res, Cors cors) {
        String nonce = req.attribute(Csrf.NONCE_ATTRIBUTE);
        SecurityHeaders.applyWithPolicy(config, res,
                nonce == null ? policyWithoutNonce : config.contentSecurityPolicy().replace("{nonce}", nonce));
        if (!config.hsts().isEmpty() && scheme(req).equals("https")) setIfAbsent(res, "Strict-Transport-Security", config.hsts());
        String made = req.attribute(NEW_TOKEN);
        if (made != null) {
            res.cookie(Cookie.of(Csrf.COOKIE, made).path("/").httpOnly(true).secure(scheme(req).equals("https"))
                    .sameSite(Cookie.SameSite.LAX));
        }
        if (cors != null) {
            String origin = req.header("Origin");
            cors.decorate(res, origin);
        }
    }

    private static void setIfAbsent(Response res, String name, String value) {
        if (res.header(name) == null) res.addHeader(name, value);
    }

    // ---- CSRF ----

    /** The check run first in the chain of every route with CSRF on. */
    Link csrfLink(Cors cors) {
        return new Link.Async(new AsyncMiddleware() {
            @Override
            public java.util.concurrent.CompletionStage<Response> handle(Request req, AsyncNext next) {
                Failure f = check(req, cors);
                if (f == null) return next.proceed();
                log.info("CSRF check '{}' refused {} from {}: {}", f.check(), req, req.clientIp(), f.message());
                return CompletableFuture.failedFuture(new HttpError(403, "CSRF check failed: " + f.message(),
                        Map.of("X-CSRF-Failure", f.check()), Map.of("csrf", f.check()), null));
            }

            @Override
            public String toString() {
                return "CSRF check";
            }
        });
    }

    /** Null if {@code req} may go on, else the failed check. */
    Failure check(Request req, Cors cors) {
        if (SAFE.contains(req.method())) return null;
        String site = req.header("Sec-Fetch-Site");
        String origin = req.header("Origin");
        if (site != null || origin != null) return byBrowserHeaders(req, cors, site, origin);
        // No browser header at all: an old browser, or a client that is no browser. Without a
        // cookie there is no ambient credential a forged request could ride on.
        if (req.headers().all("Cookie").isEmpty()) return null;
        return checkToken(req);
    }

    /**
     * Null if a WebSocket handshake may go on, else the failed check: the same rules as for an
     * unsafe request, as browsers send Origin on every handshake; a client that sends neither
     * Origin nor Sec-Fetch-Site is no browser, and has no cookies of a victim's to ride on.
     */
    Failure checkHandshake(Request req, Cors cors) {
        String site = req.header("Sec-Fetch-Site");
        String origin = req.header("Origin");
        return site == null && origin == null ? null : byBrowserHeaders(req, cors, site, origin);
    }

    private Failure byBrowserHeaders(Request req, Cors cors, String site, String origin) {
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            if (s.equals("same-origin") || s.equals("none")) return null;
            if (origin != null && trusts(origin, cors)) return null;
            return new Failure("fetch-metadata", "the browser says the request came from another site (Sec-Fetch-Site: " + s
                    + ") and its Origin " + (origin == null ? "is missing" : origin + " is not trusted"));
        }
        if (origin != null) {
            if (origin.strip().equals("null")) {
                return new Failure("origin-null", "Origin: null (a sandboxed page, a file or a redirect across sites) is never trusted");
            }
            if (trusts(origin, cors)) return null;
            String self = selfOrigin(req);
            if (self != null && self.equals(normalize(origin))) return null;
            return new Failure("origin", "the Origin " + origin + " is neither this site ("
                    + (self == null ? "no Host header" : self) + ") nor a trusted origin");
        }
        return null;
    }

    private Failure checkToken(Request req) {
        String cookie = req.cookie(Csrf.COOKIE);
        String sent = req.header(Csrf.HEADER);
        if (sent == null) sent = req.form(Csrf.FIELD);
        if (sent == null || sent.isEmpty()) {
            return new Failure("token-missing", "a request with cookies but without Origin or Sec-Fetch-Site needs the token in the "
                    + Csrf.FIELD + " form field or the " + Csrf.HEADER + " header");
        }
        if (cookie == null) return new Failure("token-cookie-missing", "the " + Csrf.COOKIE + " cookie the token belongs to is missing");
        var secret = keys.verify(cookie);
        if (secret.isEmpty()) {
            return new Failure("token-invalid", "the " + Csrf.COOKIE + " cookie was not signed by this app's keys");
        }
        if (!unmasks(sent, secret.get())) {
            return new Failure("token-mismatch", "the token sent is not one made for the " + Csrf.COOKIE + " cookie");
        }
        return null;
    }

    /*
     * The token a page carries is the cookie's secret XOR a fresh random mask, with the mask in
     * front: a different string on every response, so a compressed page that also reflects an
     * attacker's input does not leak the secret through its compressed length (BREACH).
     */
    private String mask(String secret) {
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[plain.length * 2];
        byte[] pad = new byte[plain.length];
        random.nextBytes(pad);
        for (int i = 0; i < plain.length; i++) {
            out[i] = pad[i];
            out[plain.length + i] = (byte) (plain[i] ^ pad[i]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private static boolean unmasks(String token, String secret) {
        byte[] masked;
        try {
            masked = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        if (masked.length != plain.length * 2) return false;
        byte[] unmasked = new byte[plain.length];
        for (int i = 0; i < plain.length; i++) unmasked[i] = (byte) (masked[i] ^ masked[plain.length + i]);
        return MessageDigest.isEqual(unmasked, plain);
    }

    private boolean trusts(String origin, Cors cors) {
        String o = normalize(origin);
        return trusted.contains(o) || cors != null && cors.namesOrigin(o);
    }

    /**
     * The token of this request's client, masked afresh for this response (one value per request,
     * so a page's form fields and scripts agree): made from its cookie's secret if the cookie is
     * valid, else from a new secret whose cookie the response sets.
     */
    String token(Request req) {
        String t = req.attribute(TOKEN);
        if (t != null) return t;
        String cookie = req.cookie(Csrf.COOKIE);
        var secret = cookie == null ? Optional.<String>empty() : keys.verify(cookie);
        if (secret.isEmpty()) {
            if (ephemeralKey && !config.dev() && warned.compareAndSet(false, true)) {
                log.warn("CSRF tokens are signed with a key made at start (no secrets are set): they will not survive a restart "
                        + "nor pass between instances. Set DUET_SECRETS (or -Dduet.secrets) to one or more keys of 32+ characters");
            }
            secret = Optional.of(randomString(24));
            req.attribute(NEW_TOKEN, keys.sign(secret.get()));
        }
        t = mask(secret.get());
        req.attribute(TOKEN, t);
        return t;
    }

    // ---- the request's own origin ----

    /** The origin the client addressed: scheme and host as sent, or as a trusted proxy forwarded them. */
    String selfOrigin(Request req) {
        String host = forwarded(req, "X-Forwarded-Host");
        if (host == null) host = req.header("Host");
        if (host == null || host.isBlank()) return null;
        return normalize(scheme(req) + "://" + host.strip());
    }

    private String scheme(Request req) {
        String proto = forwarded(req, "X-Forwarded-Proto");
        if (proto != null) return proto.toLowerCase(Locale.ROOT);
        return req.secure() ? "https" : "http";
    }

    /** The first value of a forwarding header, believed only from a trusted proxy. */
    private String forwarded(Request req, String header) {
        if (proxies.isEmpty()) return null;
        String v = req.header(header);
        if (v == null) return null;
        InetSocketAddress peer = req.remoteAddress();
        String ip = peer == null ? "" : peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
        if (!proxies.trusts(ip)) return null;
        int comma = v.indexOf(',');
        return (comma < 0 ? v : v.substring(0, comma)).strip();
    }

    /** Lower case, without a trailing slash and without the scheme's default port. */
    static String normalize(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (o.endsWith("/")) o = o.substring(0, o.length() - 1);
        if (o.startsWith("http://") && o.endsWith(":80")) o = o.substring(0, o.length() - 3);
        else if (o.startsWith("https://") && o.endsWith(":443")) o = o.substring(0, o.length() - 4);
        return o;
    }

    private String randomString(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

}
