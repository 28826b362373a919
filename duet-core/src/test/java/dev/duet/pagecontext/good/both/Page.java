package dev.duet.pagecontext.good.both;

import dev.duet.Request;

/** A page that takes the context when there is one (an Object: any context will do), and does without otherwise. */
public class Page {
    private final Object context;

    public Page() {
        this.context = "no context";
    }

    public Page(Object context) {
        this.context = context;
    }

    public String get(Request req) {
        return String.valueOf(context);
    }
}
