package dev.duet.conformance.site.later;

import dev.duet.Request;
import dev.duet.Response;
import dev.duet.View;
import dev.duet.conformance.site.Where;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** {@code /later}: async methods whose stage holds a view (GET) or a response with a view (PUT). */
public class Page {
    public CompletionStage<View> get(Request req) {
        String where = Where.now();
        return req.tasks().delay(Duration.ofMillis(5)).thenApply(x -> View.of("page.html").with("where", where));
    }

    public CompletionStage<Response> put(Request req) {
        return req.tasks().delay(Duration.ofMillis(5)).thenApply(x -> Response.status(202, View.of("page.html").with("where", "put")));
    }
}
