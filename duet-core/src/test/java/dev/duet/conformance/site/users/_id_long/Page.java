package dev.duet.conformance.site.users._id_long;

import dev.duet.Request;

/** {@code /users/{id:long}}. */
public class Page {
    public String get(Request req) {
        return "user " + (req.pathLong("id") + 1);
    }
}
