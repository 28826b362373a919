package dev.duet.conformance.site.about;

import dev.duet.Request;

/** {@code /about}: GET only, so any other method is a 405. */
public class Page {
    public String get(Request req) {
        return "about";
    }
}
