package dev.duet.cli;

import dev.duet.App;
import dev.duet.cli.testsite.Site;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code duet serve}: starts the app from its settings, serves, and returns once it is stopped. */
class ServeCommandTest {
    @TempDir
    Path dir;

    /** Runs serve on a thread of its own, as a process's main would; the app is the one Site built. */
    private CompletableFuture<CliHarness.Result> serve(CliHarness h, Site site, String... args) {
        return CompletableFuture.supplyAsync(() -> h.run(site, args));
    }

    private static App awaitBuilt(Site site, CompletableFuture<CliHarness.Result> serving) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            App app = site.built.get();
            if (app != null) {
                try {
                    app.port();
                    return app;
                } catch (IllegalStateException notYet) {
                    // built, not started yet
                }
            }
            if (serving.isDone()) throw new AssertionError("serve ended early: " + serving.get());
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not start");
    }

    @Test
    void servesTheAppBuiltFromTheLayeredSettingsThenReturnsZeroWhenStopped() throws Exception {
        CliHarness h = new CliHarness(dir).file("duet.properties", "app.greeting = hello from the file",
                "databaseUrl = sqlite:" + dir.resolve("serve.db"));
        h.env.put("DUET_APP_GREETING", "hello from the environment");
        Site site = new Site();
        CompletableFuture<CliHarness.Result> serving = serve(h, site, "serve", "--host", "127.0.0.1", "--port", "0",
                "--event-loops", "1");
        App app = awaitBuilt(site, serving);
        var db = site.settings.get().database(); // opened, so the stop must close it
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/hello"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).isEqualTo("hello from the environment");
            assertThat(app.config().eventLoops()).isEqualTo(1);
            assertThat(site.settings.get().profile()).isEqualTo("prod");
        } finally {
            app.stop();
        }
        CliHarness.Result r = serving.get(20, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("duet serve: http://127.0.0.1:" + app.port() + " (profile prod, core netty)\n");
        assertThat(db.isClosed()).as("serve closes the settings, and their database, when the app stops").isTrue();
    }

    @Test
    void aPortInUseIsAClearFailure() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Site site = new Site();
            CliHarness.Result r = new CliHarness(dir).run(site, "serve", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).startsWith("duet serve: could not start netty on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void whenTheAppCannotStartItsSettingsAndDatabaseAreClosed() throws Exception {
        java.util.concurrent.atomic.AtomicReference<dev.duet.db.Database> opened = new java.util.concurrent.atomic.AtomicReference<>();
        Application usesDb = settings -> {
            opened.set(settings.database());
            return App.create(settings.config());
        };
        CliHarness h = new CliHarness(dir).file("duet.properties", "databaseUrl = sqlite:" + dir.resolve("a.db"));
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CliHarness.Result r = h.run(usesDb, "serve", "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.code()).isEqualTo(1);
        }
        assertThat(opened.get().isClosed()).isTrue();
    }

    @Test
    void whenCreateFailsTheSettingsAreClosedAndTheMessageShown() {
        java.util.concurrent.atomic.AtomicReference<dev.duet.db.Database> opened = new java.util.concurrent.atomic.AtomicReference<>();
        Application broken = settings -> {
            opened.set(settings.database());
            throw new IllegalArgumentException("app.mail.host is required");
        };
        CliHarness h = new CliHarness(dir).file("duet.properties", "databaseUrl = sqlite:" + dir.resolve("b.db"));
        CliHarness.Result r = h.run(broken, "serve", "--port", "0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("duet serve: app.mail.host is required\n");
        assertThat(opened.get().isClosed()).isTrue();
    }

    @Test
    void aMissingCoreIsAClearFailure() {
        CliHarness.Result r = new CliHarness(dir).run(new Site(), "serve", "--port", "0", "--core", "servlet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("duet serve: no server core named 'servlet' on the class path; found [netty]\n");
    }

    @Test
    void badFlagsAreRefusedBeforeAnythingStarts() {
        Site site = new Site();
        CliHarness.Result notANumber = new CliHarness(dir).run(site, "serve", "--port", "eighty");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--port': 'eighty' is not an int");

        CliHarness.Result outOfRange = new CliHarness(dir).run(site, "serve", "--port", "70000");
        assertThat(outOfRange.code()).isEqualTo(2);
        assertThat(outOfRange.err()).isEqualTo("duet serve: bad value for port (--port): port must be in 0..65535, got 70000\n");

        CliHarness.Result unknown = new CliHarness(dir).run(site, "serve", "--prot", "80");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown options: '--prot'");
        assertThat(site.built.get()).as("no app was built").isNull();
    }
}
