package dev.duet.badpages.twice._id.x._id;

import dev.duet.Request;

/** See the package's name. */
public class Page {
    public String get(Request req) {
        return "";
    }
}
