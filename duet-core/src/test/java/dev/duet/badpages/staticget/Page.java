package dev.duet.badpages.staticget;

import dev.duet.Request;

/** A static get: refused. */
public class Page {
    public static String get(Request req) {
        return "";
    }
}
