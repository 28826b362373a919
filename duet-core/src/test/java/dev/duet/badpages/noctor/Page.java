package dev.duet.badpages.noctor;

import dev.duet.Request;

/** No constructor without parameters: refused. */
public class Page {
    public Page(String name) {
    }

    public String get(Request req) {
        return "";
    }
}
