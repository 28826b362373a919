package dev.duet.conformance.site.counts._n_int;

import dev.duet.Request;

/** {@code /counts/{n:int}}. */
public class Page {
    public String get(Request req) {
        return "count " + (req.pathInt("n") + 1);
    }
}
