package com.example.pages.users._id_long;

import com.example.Directory;
import dev.duet.HttpError;
import dev.duet.Request;
import dev.duet.View;

/** {@code /users/{id:long}}, docs/pages.md's path parameter example. */
// snippet: pages-user
public class Page {
    public View get(Request req) {
        long id = req.pathLong("id");                           // the package _id_long
        String name = Directory.find(id).orElseThrow(() -> HttpError.notFound("User not found"));
        return View.of("page.html").with("name", name).with("id", id);
    }
}
// end snippet
