package dev.duet.servlet;

import dev.duet.App;
import dev.duet.Config;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** Starts the Jetty core on a free port for each test and stops it after, for JettyCoreTest (the suites have their own harness). */
abstract class JettyTest {
    protected App app;
    protected HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static Config.Builder config() {
        return Config.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(5));
    }

    protected App start(Config.Builder config, DuetServlet.Threading threading, Consumer<App> routes) {
        app = App.create(config.build());
        routes.accept(app);
        app.start(new JettyCore(threading));
        return app;
    }

    protected App start(Config.Builder config, Consumer<App> routes) {
        return start(config, DuetServlet.DEFAULT_THREADING, routes);
    }

    protected App start(Consumer<App> routes) {
        return start(config(), routes);
    }

    protected int port() {
        return app.port();
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterEach
    void stopServer() {
        if (app != null) app.stop();
        http.close();
    }
}
