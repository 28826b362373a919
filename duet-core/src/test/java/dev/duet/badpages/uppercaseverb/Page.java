package dev.duet.badpages.uppercaseverb;

import dev.duet.Request;

/** GET in capitals: refused. */
public class Page {
    public String GET(Request req) {
        return "";
    }
}
