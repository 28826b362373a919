package dev.duet.servlet;

import dev.duet.App;
import dev.duet.Config;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a container, an app's {@code onStart} actions run when the web application is deployed (the
 * app is never {@code start()}ed there), before its first request, and its {@code onStop} actions at
 * undeploy: through {@link DuetServlet#mount} (from a ServletContainerInitializer) as through
 * {@link DuetListener} (web.xml; duet-jobs' {@code WarDeploymentTest}). A start action that fails
 * fails the deployment and stops the app.
 */
class StartActionsTest {
    private static App app(List<String> events, boolean failing) {
        App app = App.create(Config.builder().shutdownGrace(Duration.ofSeconds(2)).build());
        app.onStart(() -> {
            if (failing) throw new IllegalStateException("cannot start");
            events.add("start");
        });
        app.onStop(() -> events.add("stop"));
        app.get("/", req -> "served after " + events);
        return app;
    }

    private static Tomcat tomcat(Path base, App app) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer((classes, ctx) -> DuetServlet.mount(ctx, app), null);
        return tomcat;
    }

    @Test
    void mountRunsTheStartActionsAtDeploymentAndTheStopActionsAtUndeploy() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Path base = Files.createTempDirectory("duet-start-actions");
        Tomcat tomcat = tomcat(base, app(events, false));
        try {
            tomcat.start();
            assertThat(events).containsExactly("start");
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.body()).isEqualTo("served after [start]");
        } finally {
            tomcat.stop();
            tomcat.destroy();
            delete(base);
        }
        assertThat(events).containsExactly("start", "stop");
    }

    @Test
    void aStartActionThatFailsFailsTheDeploymentAndStopsTheApp() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Path base = Files.createTempDirectory("duet-start-actions");
        Tomcat tomcat = tomcat(base, app(events, true));
        try {
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                // some Tomcat versions report the failed child here; the context's state says the same
            }
            assertThat(((Context) tomcat.getHost().findChild("")).getState()).isNotEqualTo(LifecycleState.STARTED);
            assertThat(events).containsExactly("stop");
        } finally {
            tomcat.stop();
            tomcat.destroy();
            delete(base);
        }
        assertThat(events).containsExactly("stop");
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
