package dev.duet.tour.war;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged WAR (target/duet-tour.war) deployed into an embedded Tomcat 11, twice: as the root
 * application and under {@code /tour}. Tomcat runs it on its own platform threads, with only what
 * the WAR brings: the same tour, unchanged, answers as on Netty.
 */
class TourWarIT {
    private static Tomcat tomcat;
    private static Path base;
    private static String root;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void deploy() throws Exception {
        Path war = Path.of(System.getProperty("war", "target/duet-tour.war")).toAbsolutePath();
        assertThat(war).exists();
        base = Files.createTempDirectory("duet-tour-war");
        // Each run gets a database of its own, not a file left in the working directory by the last.
        System.setProperty("duet.databaseUrl", "sqlite:" + base.resolve("tour.db"));
        Files.createDirectories(base.resolve("webapps"));
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAppBase(base.resolve("webapps").toString());
        Context rootApp = tomcat.addWebapp("", war.toString());
        Context prefixed = tomcat.addWebapp("/tour", war.toString());
        for (Context c : new Context[] {rootApp, prefixed}) {
            c.getJarScanner().setJarScanFilter((type, name) -> false);
            // This JVM is the container, and in a full build its class path can carry embedded
            // Jetty's WebSocket initializer, which fails outside Jetty; a real Tomcat has no Jetty.
            // (The filter covers the container's initializers only, not those the WAR brings.)
            c.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
        }
        tomcat.start();
        root = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void undeploy() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        System.clearProperty("duet.databaseUrl");
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(root + path)));
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void everyKindOfRouteAnswersFromTheWar() throws Exception {
        HttpResponse<String> check = get("/check");
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.body()).isEqualTo("OK");
        assertThat(check.headers().firstValue("Server")).hasValue("Duet");
        assertThat(check.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(check.headers().firstValue("X-Response-Time")).isPresent();

        assertThat(get("/").body()).contains("/slow-async");
        assertThat(get("/slow?ms=20").body()).isEqualTo("{\"ms\":20,\"how\":\"blocking\"}");
        assertThat(get("/slow-async?ms=20").body()).isEqualTo("{\"ms\":20,\"how\":\"async\"}");
        assertThat(get("/work/3").body()).contains("\"count\":1000");
        assertThat(get("/fanout?n=10&ms=50").body()).contains("\"n\":10");
        assertThat(get("/work/9").statusCode()).isEqualTo(400);
        assertThat(post("/echo", "{\"hello\":\"duet\"}").body()).isEqualTo("{\"hello\":\"duet\"}");
        assertThat(post("/echo", "{bad").statusCode()).isEqualTo(400);
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void theOrmAndBackgroundTasksWorkInTheContainer() throws Exception {
        HttpResponse<String> created = post("/users", "{\"name\":\"Ada\",\"email\":\"ada@war.example\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(post("/users", "{\"name\":\"Ada\",\"email\":\"ada@war.example\"}").statusCode()).isEqualTo(409);
        assertThat(get("/users").body()).contains("ada@war.example");
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(get(location).body()).contains("\"name\":\"Ada\"");

        assertThat(post("/background", null).statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!get("/background").body().equals("{\"done\":1}") && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(get("/background").body()).isEqualTo("{\"done\":1}");
    }

    @Test
    void underAContextPathTheAppSeesItsOwnPaths() throws Exception {
        HttpResponse<String> check = get("/tour/check");
        assertThat(check.body()).isEqualTo("OK");
        assertThat(get("/tour/slow-async?ms=10").body()).isEqualTo("{\"ms\":10,\"how\":\"async\"}");
        assertThat(get("/tour/users/12345").statusCode()).isEqualTo(404);
        assertThat(get("/tour/").statusCode()).isEqualTo(200);
    }
}
