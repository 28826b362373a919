package dev.duet.cli.testsite.pages.about;

import dev.duet.Request;

/** A page of the test site: GET /about, blocking. */
public class Page {
    public String get(Request req) {
        return "about us";
    }
}
