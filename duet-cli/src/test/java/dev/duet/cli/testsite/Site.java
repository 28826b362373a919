package dev.duet.cli.testsite;

import dev.duet.App;
import dev.duet.cli.Application;
import dev.duet.cli.Settings;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test site: blocking and async middleware, a group, a page, a route with its own timeout; it
 * greets with its app key {@code greeting}. Remembers the last app it built, so a test can stop it.
 */
public final class Site implements Application {
    /** The line of the /hello route below, as {@code duet routes} must report it. */
    public static final int HELLO_LINE = 32;

    public final AtomicReference<App> built = new AtomicReference<>();
    public final AtomicReference<Settings> settings = new AtomicReference<>();

    @Override
    public App create(Settings s) {
        App app = App.create(s.config());
        settings.set(s);
        built.set(app);
        app.useAsync((req, next) -> next.proceed().thenApply(res -> res.header("X-Async", "yes")));
        app.group("/api", api -> {
            api.use((req, next) -> next.proceed().header("X-Blocking", "yes"));
            api.getAsync("/ping", req -> CompletableFuture.completedFuture("pong")).timeout(Duration.ofSeconds(2));
        });
        app.get("/hello", req -> s.get("greeting").orElse("hello"));
        app.pages("dev.duet.cli.testsite.pages");
        return app;
    }
}
