package dev.duet.conformance.site.todo;

import dev.duet.Request;
import dev.duet.conformance.site.Where;

/** {@code /todo}: post and named actions, all blocking, so POST is a blocking route. */
public class Page {
    public String get(Request req) {
        return "todo";
    }

    public String post(Request req) {
        return "post " + Where.now();
    }

    public String actionDelete(Request req) {
        return "delete " + req.form("id") + " " + Where.now();
    }

    public String actionMarkDone(Request req) {
        return "markDone " + Where.now();
    }
}
