package com.example.admin;

import dev.duet.Request;

/** {@code /admin} once registered under that group, in docs/pages.md. */
public class Page {
    public String get(Request req) {
        return "admin for " + req.attribute("user");
    }
}
