package dev.duet.internal;

import dev.duet.Config;
import dev.duet.Response;

/**
 * The default security headers, for every response Duet writes: the app's (with the request's CSP
 * nonce) and the refusals a core sends before a request reaches the app (without one).
 */
public final class SecurityHeaders {
    /** The headers, in the order they are sent; their bits in {@link HeaderList#presentAmong}. */
    private static final String[] NAMES = {"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"};

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
        // Every response passes here: one scan for the four names, and no second check of values
        // that are constants or were checked when the config was built (a nonce is base64url).
        HeaderList headers = (HeaderList) res.headers();
        int present = headers.presentAmong(NAMES);
        if ((present & 1) == 0) headers.addPrechecked(NAMES[0], "nosniff");
        if ((present & 2) == 0) headers.addPrechecked(NAMES[1], "DENY");
        if ((present & 4) == 0) headers.addPrechecked(NAMES[2], "strict-origin-when-cross-origin");
        if ((present & 8) == 0 && !policy.isEmpty()) headers.addPrechecked(NAMES[3], policy);
    }

    /** {@code policy} without its nonce sources, for a response whose request never made a nonce. */
    public static String withoutNonce(String policy) {
        return policy.replace(" 'nonce-{nonce}'", "").replace("'nonce-{nonce}'", "");
    }
}
