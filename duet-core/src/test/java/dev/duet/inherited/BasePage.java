package dev.duet.inherited;

import dev.duet.Request;

/** What several pages share: not named Page, so not a page itself; its public get is inherited. */
public abstract class BasePage {
    public String get(Request req) {
        return "shared get of " + getClass().getPackageName();
    }
}
