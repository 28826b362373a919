package dev.duet.conformance.site.users._id_long.edit;

import dev.duet.Request;
import dev.duet.View;

/** {@code /users/{id:long}/edit}: its own template, and one a level up ({@code ../card.html}). */
public class Page {
    public View get(Request req) {
        String name = req.query("card") != null ? "../card.html" : "form.html";
        return View.of(name).with("id", req.pathLong("id"));
    }
}
