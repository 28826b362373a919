package dev.duet.conformance.site.files._path_rest;

import dev.duet.Request;

/** {@code /files/{path:*}}: the rest of the path. */
public class Page {
    public String get(Request req) {
        return "file " + req.pathParam("path");
    }
}
