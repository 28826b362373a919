package dev.duet.conformance.site.users;

import dev.duet.Request;
import dev.duet.conformance.site.Where;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /users}: every HTTP method, blocking or async by return type. */
public class Page {
    public String get(Request req) {
        return "get users " + Where.now();
    }

    public CompletionStage<String> post(Request req) {
        return CompletableFuture.completedFuture("post " + req.form("name") + " " + Where.now());
    }

    public String put(Request req) {
        return "put " + Where.now();
    }

    public CompletionStage<String> patch(Request req) {
        return CompletableFuture.completedFuture("patch " + Where.now());
    }

    public String delete(Request req) {
        return "delete " + Where.now();
    }
}
