package com.example.pages;

import dev.duet.Request;
import dev.duet.View;

/** {@code /}, docs/pages.md's first example. */
// snippet: pages-home
public class Page {
    public View get(Request req) {
        return View.of("page.html").with("title", "Welcome");     // com/example/pages/page.html
    }
}
// end snippet
