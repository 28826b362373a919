package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/** What the tests that run the guides' examples share: apps and test clients, stopped after each test. */
abstract class GuideTestBase {
    /** Every app a test made; stopped after it. */
    protected final List<App> apps = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    protected App newApp() {
        return newApp(Config.defaults());
    }

    protected App newApp(Config config) {
        App app = App.create(config);
        apps.add(app);
        return app;
    }

    protected TestClient client(App app) {
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
        apps.forEach(App::stop);
    }
}
