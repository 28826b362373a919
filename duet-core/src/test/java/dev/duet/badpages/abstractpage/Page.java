package dev.duet.badpages.abstractpage;

import dev.duet.Request;

/** Abstract: refused. */
public abstract class Page {
    public String get(Request req) {
        return "";
    }
}
