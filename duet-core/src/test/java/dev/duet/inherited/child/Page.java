package dev.duet.inherited.child;

import dev.duet.Request;
import dev.duet.inherited.BasePage;

/** {@code /child}: get inherited, post its own. */
public class Page extends BasePage {
    public String post(Request req) {
        return "own post";
    }
}
