package dev.duet.tour;

import dev.duet.App;

/** The tour app: every seed scenario as a route. */
public final class Tour {
    private Tour() {
    }

    public static App build(App app) {
        app.get("/check", req -> "OK");
        return app;
    }

    public static void main(String[] args) {
        build(App.create()).start();
    }
}
