package dev.duet.tour.pages.profile;

import dev.duet.HttpError;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.View;
import dev.duet.tour.Tour;
import dev.duet.tour.TourSite;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code /profile}: a user's profile page ({@code GET /profile?id=N}, async, as Asok's page
 * controller) and the form that creates a user ({@code POST /profile}, blocking).
 */
public final class Page {
    private final TourSite site;

    /** The page, given the tour's site when the app registers its pages. */
    public Page(TourSite site) {
        this.site = site;
    }

    // Asok's `async def get`: the ORM's async twin runs the query on a virtual thread and the page
    // holds no thread while it waits. An unknown id is this page's own 404, from not-found.html.
    // snippet: readme-page
    public CompletionStage<Response> get(Request req) {                       // async: it returns a stage
        long id = userId(req);
        return site.users().findAsync(id).thenApply(found -> found
                .map(user -> Response.status(200, View.of("page.html", Map.of("user", user))))     // beside this class
                .orElseGet(() -> Response.status(404, View.of("not-found.html", Map.of("id", id)))));
    }

    public Response post(Request req) {                                       // blocking: plain JDBC
        Tour.User user = site.users().create(Tour.checkedUser(req.form("name"), req.form("email")));
        return Response.redirect("/profile?id=" + user.id());                 // post, redirect, get
    }
    // end snippet

    private static long userId(Request req) {
        String id = req.query("id");
        if (id == null) throw HttpError.badRequest("Query parameter 'id' is required: /profile?id=1");
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Query parameter 'id' must be a user id (a whole number), got '" + id + "'");
        }
    }
}
