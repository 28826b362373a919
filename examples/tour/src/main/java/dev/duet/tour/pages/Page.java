package dev.duet.tour.pages;

import dev.duet.Request;
import dev.duet.View;
import dev.duet.tour.TourSite;

import java.util.Map;

/**
 * The tour's home page, {@code /}: the users, a form to add one, and every stop of the tour,
 * rendered from {@code page.html} beside this class.
 */
public final class Page {
    private final TourSite site;

    /** The page, given the tour's site when the app registers its pages. */
    public Page(TourSite site) {
        this.site = site;
    }

    // Reading the users is JDBC, which blocks: a blocking method, plain code on a virtual thread.
    public View get(Request req) {
        return View.of("page.html", Map.of(
                "users", site.users().query().orderBy("id").all(),
                "stops", site.stops(req),
                "database", site.database()));
    }
}
