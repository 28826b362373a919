package dev.duet.internal;

import dev.duet.Config;
import dev.duet.Response;

/**
 * The default security headers, for every response Duet writes: the app's (with the request's CSP
 * nonce) and the refusals a core sends before a request reaches the app (without one).
 */
public final class SecurityHeaders {
    private SecurityHeaders() {
    }

    /**
     * Adds the headers the {@code securityHeaders} setting asks for that {@code res} does not have;
     * the policy gets {@code nonce}, or, when null (a core's refusal, no page), loses its nonce sources.
     */
    public static void apply(Config config, Response res, String nonce) {
        String policy = config.contentSecurityPolicy();
        applyWithPolicy(config, res, nonce != null ? policy.replace("{nonce}", nonce) : withoutNonce(policy));
    }

    /** As {@link #apply}, with the policy already resolved (empty for none): the app computes the nonce-less one once. */
    public static void applyWithPolicy(Config config, Response res, String policy) {
        if (!config.securityHeaders()) return;
        setIfAbsent(res, "X-Content-Type-Options", "nosniff");
        setIfAbsent(res, "X-Frame-Options", "DENY");
        setIfAbsent(res, "Referrer-Policy", "strict-origin-when-cross-origin");
        if (!policy.isEmpty()) setIfAbsent(res, "Content-Security-Policy", policy);
    }

    /** {@code policy} without its nonce sources, for a response whose request never made a nonce. */
    public static String withoutNonce(String policy) {
        return policy.replace(" 'nonce-{nonce}'", "").replace("'nonce-{nonce}'", "");
    }

    private static void setIfAbsent(Response res, String name, String value) {
        if (res.header(name) == null) res.addHeader(name, value); // absent: nothing to replace, no second scan
    }
}
