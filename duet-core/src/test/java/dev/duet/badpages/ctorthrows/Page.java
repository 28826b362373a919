package dev.duet.badpages.ctorthrows;

import dev.duet.Request;

/** Its constructor fails: refused, with the failure. */
public class Page {
    public Page() {
        throw new IllegalStateException("no database");
    }

    public String get(Request req) {
        return "";
    }
}
