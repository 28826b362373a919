package dev.duet.badpages.emptytype._id_;

import dev.duet.Request;

/** See the package's name. */
public class Page {
    public String get(Request req) {
        return "";
    }
}
