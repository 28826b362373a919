package dev.duet.conformance.site.only;

import dev.duet.Request;

/** {@code /only}: actions and no post. */
public class Page {
    public String actionPing(Request req) {
        return "pong";
    }

    public String actionPong(Request req) {
        return "ping";
    }
}
