package dev.duet.badpages.privateget;

import dev.duet.Request;

/** get not public: refused rather than silently not served. */
public class Page {
    String get(Request req) {
        return "";
    }

    public String post(Request req) {
        return "";
    }
}
