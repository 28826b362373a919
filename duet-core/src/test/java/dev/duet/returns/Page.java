package dev.duet.returns;

import dev.duet.Request;

/** {@code /}: a primitive and a void return, through the page's method handles. */
public class Page {
    public int get(Request req) {
        return 42;
    }

    public void delete(Request req) {
    }
}
