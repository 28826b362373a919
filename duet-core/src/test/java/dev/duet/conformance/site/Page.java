package dev.duet.conformance.site;

import dev.duet.Request;
import dev.duet.View;

/** {@code /}: the root package's page, rendering the template beside it. */
public class Page {
    public View get(Request req) {
        return View.of("page.html").with("name", "home");
    }
}
