package dev.duet.badpages.badaction;

import dev.duet.Request;

/** actiondelete: the name after action must start with a capital. */
public class Page {
    public String actiondelete(Request req) {
        return "";
    }
}
