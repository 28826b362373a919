package dev.duet.pagecontext.good.plain;

import dev.duet.Request;

/** A page that wants no context, beside pages that do. */
public class Page {
    public String get(Request req) {
        return "plain";
    }
}
