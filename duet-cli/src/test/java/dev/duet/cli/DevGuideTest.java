package dev.duet.cli;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.StaticFiles;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/cli.md, section "Development: duet run": its code, compiled and run here. That the guide
 * shows exactly the code marked in this folder's tests, this one's included, ServeGuideTest checks.
 */
class DevGuideTest {
    // snippet: cli-run-site
    public static final class Site implements Application {
        @Override
        public App create(Settings settings) {
            App app = App.create(settings.config());
            app.get("/", req -> "<!doctype html><html><body><h1>Hello</h1></body></html>");
            app.get("/static/{file:*}", StaticFiles.classpath("static"));   // src/main/resources/static
            return app;
        }

        public static void main(String[] args) {
            System.exit(DuetCli.run(new Site(), args));                  // duet run, serve, ...
        }
    }
    // end snippet

    @Test
    void theGuidesSiteServesAndItsCommandLineHasRun() {
        try (Settings settings = Settings.of(Config.defaults(), Map.of())) {
            App app = new Site().create(settings);
            assertThat(TestClient.of(app).get("/").text()).contains("<h1>Hello</h1>");
        }
        assertThat(DuetCli.commandLine(new Site()).getSubcommands()).containsKey("run");
    }
}
