package dev.duet.badpages.lowercase;

import dev.duet.Request;

/** Named page, not Page: refused. */
public class page {
    public String get(Request req) {
        return "";
    }
}
