package dev.duet.conformance.site.new_;

import dev.duet.Request;

/** {@code /new}: {@code new} is a Java keyword, so the package is {@code new_}. */
public class Page {
    public String get(Request req) {
        return "new";
    }
}
