package dev.duet.conformance.site.tokens._token_uuid;

import dev.duet.Request;

/** {@code /tokens/{token:uuid}}. */
public class Page {
    public String get(Request req) {
        return "token " + req.pathUuid("token").version();
    }
}
