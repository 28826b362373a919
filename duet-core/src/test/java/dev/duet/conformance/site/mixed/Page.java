package dev.duet.conformance.site.mixed;

import dev.duet.Request;
import dev.duet.View;
import dev.duet.conformance.site.Where;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /mixed}: a blocking post, an async action and a blocking one: an async POST route. */
public class Page {
    public String post(Request req) {
        return "post " + Where.now();
    }

    public CompletionStage<String> actionArchive(Request req) {
        return CompletableFuture.completedFuture("archive " + Where.now());
    }

    public View actionPurge(Request req) {
        return View.of("purged.html").with("where", Where.now());
    }
}
