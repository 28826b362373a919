package dev.duet.badpages.restnotlast._path_rest.more;

import dev.duet.Request;

/** See the package's name. */
public class Page {
    public String get(Request req) {
        return "";
    }
}
