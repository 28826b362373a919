package dev.duet.jobs;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.db.Database;
import dev.duet.servlet.DuetListener;
import dev.duet.servlet.DuetWebApp;
import jakarta.servlet.ServletContext;
import org.apache.catalina.Context;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs in a WAR: an embedded Tomcat 11 deploys a web application the way a {@code web.xml} would
 * declare it (the {@code duet.app} context parameter and {@link DuetListener}); its app's jobs start
 * with the deployment (the app is never {@code start()}ed: the container owns the port), an enqueued
 * job runs, and undeploying stops them. A start action that fails fails the deployment and stops the app.
 */
class WarDeploymentTest {
    /** What the deployed app shares with the test (the container makes the app, not the test). */
    static final AtomicReference<String> url = new AtomicReference<>();
    static final AtomicReference<Jobs> deployed = new AtomicReference<>();
    static final AtomicReference<Boolean> stopped = new AtomicReference<>(false);

    record Note(String text) {
    }

    /** The WAR's app: what a {@code DuetWebApp} of a real WAR does with duet-jobs. */
    public static final class JobsWebApp implements DuetWebApp {
        @Override
        public App create(ServletContext context) {
            App app = App.create(Config.builder().shutdownGrace(Duration.ofSeconds(2)).build());
            Database db = Database.connect(url.get());
            Jobs jobs = Jobs.on(db).config(JobsSuite.fast().build())
                    .define(JobType.of("note", Note.class, (n, ctx) -> n.text().toUpperCase()))
                    .build()
                    .runWith(app);
            app.onStop(db::close);
            app.onStop(() -> stopped.set(true));
            app.post("/notes", req -> Response.json(Map.of("job", jobs.enqueue("note", new Note(req.query("text"))).value())).status(202));
            app.get("/notes/{id}", req -> jobs.status(new JobId(req.pathParam("id"))).map(s -> s.state().label()).orElse("none"));
            deployed.set(jobs);
            return app;
        }
    }

    /** A WAR whose start action fails (say, a job table it may not create). */
    public static final class FailingWebApp implements DuetWebApp {
        @Override
        public App create(ServletContext context) {
            App app = App.create();
            app.onStart(() -> {
                throw new IllegalStateException("cannot start the jobs");
            });
            app.onStop(() -> stopped.set(true));
            app.get("/", req -> "should not be served");
            return app;
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HttpClient.newHttpClient().send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void jobsStartWithTheDeploymentRunAndStopAtUndeploy() throws Exception {
        stopped.set(false);
        try (TestDbs.Isolated isolated = TestDbs.postgres()) {
            url.set(isolated.url());
            Path base = Files.createTempDirectory("duet-jobs-war");
            Tomcat tomcat = tomcat(base, JobsWebApp.class);
            try {
                tomcat.start();
                String root = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
                assertThat(deployed.get().isRunning()).as("started with the deployment, without App.start").isTrue();
                HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(root + "/notes?text=war"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
                assertThat(created.statusCode()).isEqualTo(202);
                String id = created.body().replaceAll(".*\"job\":\"([^\"]+)\".*", "$1");
                Waits.until("the job enqueued in the WAR", Duration.ofSeconds(20),
                        () -> send(HttpRequest.newBuilder(URI.create(root + "/notes/" + id))).body().equals("done"));
                assertThat(deployed.get().status(new JobId(id)).orElseThrow().result()).isEqualTo("\"WAR\"");
            } finally {
                tomcat.stop();
                tomcat.destroy();
                delete(base);
            }
            assertThat(deployed.get().isRunning()).as("stopped at undeploy").isFalse();
            assertThat(stopped.get()).as("the app's stop hooks ran").isTrue();
        }
    }

    @Test
    void aStartActionThatFailsFailsTheDeploymentAndStopsTheApp() throws Exception {
        stopped.set(false);
        Path base = Files.createTempDirectory("duet-jobs-war");
        Tomcat tomcat = tomcat(base, FailingWebApp.class);
        try {
            try {
                tomcat.start();
            } catch (org.apache.catalina.LifecycleException e) {
                // some Tomcat versions report the failed child here; the context's state says the same
            }
            Context context = (Context) tomcat.getHost().findChild("");
            assertThat(context.getState()).isNotEqualTo(LifecycleState.STARTED);
            assertThat(stopped.get()).as("the app was stopped, its stop hooks run").isTrue();
            HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/")));
            assertThat(res.body()).doesNotContain("should not be served");
        } finally {
            tomcat.stop();
            tomcat.destroy();
            delete(base);
        }
    }

    private static Tomcat tomcat(Path base, Class<? extends DuetWebApp> webApp) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        // What web.xml declares: <context-param> duet.app and <listener> DuetListener.
        Context context = tomcat.addContext("", base.toString());
        context.addParameter("duet.app", webApp.getName());
        context.addApplicationListener(DuetListener.class.getName());
        return tomcat;
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
