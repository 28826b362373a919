package dev.duet.badpages.staticinit;

import dev.duet.Request;

/** Its static initializer fails: refused, with the failure. */
public class Page {
    private static final String CONFIG = load();

    private static String load() {
        throw new IllegalStateException("no config");
    }

    public String get(Request req) {
        return CONFIG;
    }
}
