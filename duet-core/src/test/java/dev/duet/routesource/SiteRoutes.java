package dev.duet.routesource;

import dev.duet.App;

/** An app's code outside dev.duet registering routes, for RouteReportTest: the lines are asserted. */
public final class SiteRoutes {
    /** The line of the get below. */
    public static final int GET_LINE = 16;
    /** The line of the get inside the group below. */
    public static final int GROUP_GET_LINE = 19;

    private SiteRoutes() {
    }

    public static App register(App app) {
        app.get("/here", req -> "here");
        app.group("/api", api -> {
            api.use((req, next) -> next.proceed());
            api.get("/x", req -> "x");
        });
        return app;
    }
}
