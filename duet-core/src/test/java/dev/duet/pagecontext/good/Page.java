package dev.duet.pagecontext.good;

import dev.duet.Request;
import dev.duet.pagecontext.Greeting;

/** A page made with the pages' context. */
// snippet: pages-context-page
public class Page {
    private final Greeting greeting;

    public Page(Greeting greeting) {                 // made once, with the context pages(...) was given
        this.greeting = greeting;
    }
    // end snippet

    public String get(Request req) {
        return greeting.text() + " from /";
    }
}
