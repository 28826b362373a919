package com.example.pages.todos;

import dev.duet.Request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /todos}, docs/pages.md's page mixing blocking and async POST methods. */
// snippet: pages-mixed
public class Page {
    public String post(Request req) {                           // blocking: offloaded to a virtual thread
        return "added " + req.form("title");
    }

    public CompletionStage<String> actionArchive(Request req) { // async: stays on the event loop
        return CompletableFuture.completedFuture("archived");
    }
}
// end snippet
