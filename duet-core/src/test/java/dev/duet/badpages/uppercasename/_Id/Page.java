package dev.duet.badpages.uppercasename._Id;

import dev.duet.Request;

/** See the package's name. */
public class Page {
    public String get(Request req) {
        return "";
    }
}
