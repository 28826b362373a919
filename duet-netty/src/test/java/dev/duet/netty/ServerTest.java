package dev.duet.netty;

import dev.duet.conformance.RawClient;

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

/** Starts a real server on a free port for each test and stops it after. */
abstract class ServerTest {
    protected App app;
    protected HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static Config.Builder config() {
        return Config.builder().host("127.0.0.1").port(0).eventLoops(2).shutdownGrace(Duration.ofSeconds(5));
    }

    /** Creates the app from {@code config}, lets {@code routes} register, starts it on Netty. */
    protected App start(Config.Builder config, Consumer<App> routes) {
        app = App.create(config.build());
        routes.accept(app);
        app.start(new NettyCore());
        return app;
    }

    protected App start(Consumer<App> routes) {
        return start(config(), routes);
    }

    protected int port() {
        return app.port();
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected RawClient raw() throws IOException {
        return new RawClient(port());
    }

    @AfterEach
    void stopServer() {
        if (app != null) app.stop();
        http.close();
    }
}
