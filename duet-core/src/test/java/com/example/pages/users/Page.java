package com.example.pages.users;

import com.example.Directory;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.View;

import java.util.concurrent.CompletionStage;

/** {@code /users}, docs/pages.md's example of methods, kinds and actions. */
// snippet: pages-users
public class Page {
    public View get(Request req) {                              // blocking: a virtual thread
        return View.of("page.html").with("users", Directory.names());
    }

    public CompletionStage<Response> post(Request req) {        // async: the event loop
        return Directory.addAsync(req.form("name"))
                .thenApply(id -> Response.redirect("/users/" + id, 303));
    }

    public Response actionDelete(Request req) {                 // POST with _action=delete
        Directory.remove(Long.parseLong(req.form("id")));
        return Response.redirect("/users", 303);
    }
}
// end snippet
