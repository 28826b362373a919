package dev.duet.cli;

import dev.duet.App;
import dev.duet.conformance.DocSnippets;
import dev.duet.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli.md's sections on {@code duet serve}, {@code duet config} and {@code duet routes}: the
 * guide's app, run with the guide's settings file, answers as the guide says.
 */
class ServeGuideTest {
    @TempDir
    Path dir;

    static final AtomicReference<App> BUILT = new AtomicReference<>();

    // snippet: cli-application
    public static final class Site implements Application {
        @Override
        public App create(Settings settings) {
            App app = App.create(settings.config());                  // port, host, timeouts... from every source
            String greeting = settings.get("greeting").orElse("hello"); // app.greeting in a file, DUET_APP_GREETING
            Database db = settings.database();                         // databaseUrl, DATABASE_URL
            app.get("/", req -> greeting);
            app.get("/count", req -> db.queryMaps("SELECT 1 AS one").size());
            return app;
        }

        public static void main(String[] args) {
            System.exit(DuetCli.run(new Site(), args));
        }
    }
    // end snippet

    @Test
    void theGuidesSiteServesWithTheGuidesSettings() throws Exception {
        CliHarness h = new CliHarness(dir).file("duet.properties",
                "# Duet's knobs by name",
                "port = 8080",
                "requestTimeout = 10s",
                "# the database",
                "databaseUrl = sqlite:" + dir.resolve("site.db"),
                "# the app's own keys",
                "app.greeting = hello from the file");
        h.file("duet-prod.properties", "host = 127.0.0.1");
        h.env.put("DUET_APP_GREETING", "hello from the environment");
        CompletableFuture<CliHarness.Result> serving = CompletableFuture.supplyAsync(() ->
                h.run(settings -> remembered(new Site().create(settings)), "serve", "--port", "0"));
        App app = awaitStarted(serving);
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + app.port();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("hello from the environment");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/count")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("1");
            assertThat(app.config().host()).isEqualTo("127.0.0.1");
            assertThat(app.config().requestTimeout()).hasSeconds(10);
        } finally {
            app.stop();
        }
        assertThat(serving.get(20, TimeUnit.SECONDS).code()).isZero();

        CliHarness.Result config = h.run(new Site(), "config");
        assertThat(config.out()).containsPattern("\nport +duet.properties:2 +8080\n");
        assertThat(config.out()).containsPattern("\nhost +duet-prod.properties:1 +127.0.0.1\n");
        assertThat(config.out()).containsPattern("\napp.greeting +env DUET_APP_GREETING +hello from the environment\n");

        CliHarness.Result routes = h.run(new Site(), "routes");
        assertThat(routes.out()).containsPattern("GET +/ +blocking handler +10s +ServeGuideTest\\.java:\\d+");
    }

    /** The app serve started, so the test can stop it as SIGTERM would. */
    private static App remembered(App app) {
        BUILT.set(app);
        return app;
    }

    private static App awaitStarted(CompletableFuture<CliHarness.Result> serving) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            App app = BUILT.get();
            if (app != null) {
                try {
                    app.port();
                    return app;
                } catch (IllegalStateException notStarted) {
                    // built; starting
                }
            }
            if (serving.isDone()) throw new AssertionError("serve ended: " + serving.get());
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not start");
    }

    // Every section's examples: this test's, CommandsGuideTest's and the other guide tests of this folder.
    @Test
    void theGuideShowsExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/cli.md", "duet-cli/src/test/java/dev/duet/cli");
    }
}
