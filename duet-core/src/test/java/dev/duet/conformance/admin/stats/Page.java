package dev.duet.conformance.admin.stats;

import dev.duet.Request;

/** {@code /admin/stats} under the group. */
public class Page {
    public String get(Request req) {
        return "stats for " + req.attribute("user");
    }
}
