package dev.duet.conformance.site.items._name;

import dev.duet.Request;

/** {@code /items/{name}}. */
public class Page {
    public String get(Request req) {
        return "item " + req.pathParam("name");
    }
}
