package dev.duet.badpages.conflict._b;

import dev.duet.Request;

/** See the package's name. */
public class Page {
    public String get(Request req) {
        return "";
    }
}
