package dev.duet.badpages.nomethods;

import dev.duet.Request;

/** Only a helper: refused, a page must serve something. */
public class Page {
    public String title(Request req) {
        return "";
    }
}
