package dev.duet.conformance.admin;

import dev.duet.Request;

/** The group's root page: {@code /admin} when registered under that group. */
public class Page {
    public String get(Request req) {
        return "admin home";
    }
}
