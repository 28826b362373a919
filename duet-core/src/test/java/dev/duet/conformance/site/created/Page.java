package dev.duet.conformance.site.created;

import dev.duet.Request;
import dev.duet.Response;
import dev.duet.View;

import java.util.Optional;

/** {@code /created}: a blocking response whose body is a view, and an optional view. */
public class Page {
    public Response get(Request req) {
        return Response.status(201, View.of("page.html").with("what", "created"));
    }

    public Optional<View> put(Request req) {
        return req.query("missing") != null ? Optional.empty() : Optional.of(View.of("page.html").with("what", "optional"));
    }
}
