package dev.duet.badpages.actionhelper;

import dev.duet.Request;

import java.util.List;

/** A helper named like an action: refused, since any method starting with action is one. */
public class Page {
    public String get(Request req) {
        return String.join(",", actions());
    }

    public List<String> actions() {
        return List.of();
    }
}
