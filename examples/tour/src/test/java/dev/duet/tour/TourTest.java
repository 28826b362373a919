package dev.duet.tour;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.Route;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.spi.ServerCore;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every tour route through the in-process test client: its happy path and every way to get a 400. */
class TourTest {
    private App app;
    private Tour tour;
    private TestClient client;

    @BeforeEach
    void start() {
        startWith(Config.defaults());
    }

    private void startWith(Config config) {
        app = App.create(config);
        tour = new Tour(Database.connect("sqlite::memory:")).register(app);
        client = TestClient.of(app);
    }

    @AfterEach
    void stop() {
        client.close();
        app.stop();
    }

    private static DbConfig inMemory() {
        return DbConfig.builder().url("sqlite::memory:").build();
    }

    private TestResponse getJson(String uri) {
        return client.send(TestRequest.get(uri).header("Accept", "application/json"));
    }

    private static void assertBadRequest(TestResponse res, String mentioning) {
        assertThat(res.status()).as(res.toString()).isEqualTo(400);
        assertThat(res.jsonMap().get("error").toString()).contains(mentioning);
    }

    /** Polls {@code condition} every 10 ms for up to {@code max}; true as soon as it holds. */
    private static boolean eventually(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }

    // ---- the index ----

    @Test
    void buildRegistersEveryStopOfTheIndexAndNothingElse() {
        App built = Tour.build(App.create(Config.defaults()), inMemory());
        Set<String> registered = built.routes().stream().map(r -> r.method() + " " + r.pattern()).collect(Collectors.toSet());
        Set<String> listed = Tour.STOPS.stream().map(s -> s.method() + " " + s.pattern()).collect(Collectors.toSet());
        assertThat(registered).isEqualTo(listed);
        built.stop();
    }

    @Test
    void indexLinksEveryRouteAndSaysItsKind() {
        TestResponse res = client.get("/");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith("text/html");
        String page = res.text();
        for (Route r : app.routes()) {
            assertThat(page).contains("<code>" + r.method() + " " + r.pattern() + "</code></td><td class=\""
                    + (r.isAsync() ? "async" : "blocking") + "\">");
        }
        assertThat(page).contains("<a href=\"/work/7\">", "<a href=\"/check\">", "<a href=\"/fanout?n=50&amp;ms=200\">",
                "curl -X POST http://localhost:8000/background");
        assertThat(page).contains("<td><code>GET /work/{n}</code></td><td class=\"async\">");
        assertThat(page).contains("<td><code>GET /check</code></td><td class=\"blocking\">");
    }

    @Test
    void indexEscapesTheHostItEchoes() {
        String page = client.send(TestRequest.get("/").header("Host", "x\"><script>alert(1)</script>")).text();
        assertThat(page).doesNotContain("<script>").contains("x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;/background");
        assertThat(page).contains("-d &#39;{&quot;hello&quot;: &quot;duet&quot;}&#39;");
    }

    @Test
    void unknownUrlsPointBackAtTheTour() {
        TestResponse html = client.get("/nowhere");
        assertThat(html.status()).isEqualTo(404);
        assertThat(html.text()).contains("No route for GET /nowhere", "<a href=\"/\">");
        TestResponse json = getJson("/nowhere");
        assertThat(json.status()).isEqualTo(404);
        assertThat(json.jsonMap()).containsEntry("tour", "/").containsEntry("requestId", json.header("X-Request-Id"));
    }

    @Test
    void unknownUrlsGetTheTemplatedNotFoundPageInTheTourLayout() {
        String page = client.get("/nowhere").text();
        assertThat(page).contains("<title>Not on the tour</title>", "<link rel=\"stylesheet\" href=\"/static/tour.css\">",
                "<p class=\"message\">No route for GET /nowhere</p>");
    }

    @Test
    void theHomePageEscapesWhatUsersTyped() {
        assertThat(client.send(TestRequest.post("/add-user").json(Map.of("name", "<script>x()</script>", "email", "x@example.com")))
                .status()).isEqualTo(201);
        String page = client.get("/").text();
        assertThat(page).doesNotContain("<script>x()").contains("&lt;script&gt;x()&lt;/script&gt;");
    }

    @Test
    void aProfileNeedsANumericId() {
        assertBadRequest(getJson("/profile"), "Query parameter 'id' is required");
        assertBadRequest(getJson("/profile?id=abc"), "must be a user id (a whole number), got 'abc'");
    }

    @Test
    void theStylesheetAndLogoAreStaticFilesWithCachingHeaders() {
        TestResponse css = client.get("/static/tour.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(css.header("ETag")).isNotBlank();
        assertThat(css.header("Last-Modified")).isNotBlank();
        assertThat(css.text()).contains("header {");
        TestResponse again = client.send(TestRequest.get("/static/tour.css").header("If-None-Match", css.header("ETag")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        TestResponse svg = client.get("/static/duet.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(client.get("/static/nope.css").status()).isEqualTo(404);
        assertThat(client.get("/static/..%2flogback.xml").status()).isEqualTo(404);
    }

    @Test
    void everyResponseSaysHowLongItTook() {
        for (String uri : List.of("/check", "/slow-async?ms=1", "/slow?ms=x", "/nowhere")) {
            assertThat(client.get(uri).header("X-Response-Time")).as(uri).matches("\\d+\\.\\d{3}ms");
        }
    }

    // ---- /check and /work ----

    @Test
    void checkAnswersOk() {
        TestResponse res = client.get("/check");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("OK");
        assertThat(res.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void workSortsTenToTheN() {
        Map<String, Object> body = client.get("/work/4").jsonMap();
        assertThat(body).containsEntry("n", 4).containsEntry("count", 10_000).containsKey("ms");
        assertThat(client.get("/work/0").jsonMap()).containsEntry("count", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "-1", "abc", "1.5", "99999999999"})
    void workRefusesABadExponent(String n) {
        assertBadRequest(getJson("/work/" + n), "must be an integer from 0 to 8");
    }

    /**
     * Bocadillo's scenario: while two requests keep the CPU pool busy sorting 10^7 numbers each,
     * /check still answers, and before either sort is done.
     */
    @Test
    void checkAnswersWhileTheCpuPoolSorts() throws Exception {
        assertThat(client.get("/check").status()).isEqualTo(200); // warm the path up first
        CompletableFuture<TestResponse> work1 = client.sendAsync(TestRequest.get("/work/7"));
        CompletableFuture<TestResponse> work2 = client.sendAsync(TestRequest.get("/work/7"));
        TestResponse check = client.get("/check");
        boolean work1Done = work1.isDone();
        boolean work2Done = work2.isDone();
        assertThat(check.text()).isEqualTo("OK");
        assertThat(work1Done).as("first /work/7 finished before /check answered").isFalse();
        assertThat(work2Done).as("second /work/7 finished before /check answered").isFalse();
        for (CompletableFuture<TestResponse> work : List.of(work1, work2)) {
            TestResponse res = work.get(2, TimeUnit.MINUTES);
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.jsonMap()).containsEntry("count", 10_000_000);
        }
    }

    // ---- /slow and /slow-async ----

    @Test
    void slowSleepsOnAVirtualThread() {
        assertThat(client.get("/slow?ms=20").jsonMap()).containsEntry("ms", 20).containsEntry("how", "blocking");
        assertThat(client.get("/slow").jsonMap()).containsEntry("ms", 100);
        assertThat(client.get("/slow?ms=0").status()).isEqualTo(200);
    }

    @Test
    void slowAsyncWaitsOnATimer() {
        assertThat(client.get("/slow-async?ms=20").jsonMap()).containsEntry("ms", 20).containsEntry("how", "async");
        assertThat(client.get("/slow-async").jsonMap()).containsEntry("ms", 100);
        assertThat(client.get("/slow-async?ms=0").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/slow", "/slow-async"})
    void slowRoutesRefuseBadDurations(String route) {
        assertBadRequest(getJson(route + "?ms=10001"), "'ms' must be from 0 to 10000, got 10001");
        assertBadRequest(getJson(route + "?ms=-1"), "'ms' must be from 0 to 10000, got -1");
        assertBadRequest(getJson(route + "?ms=abc"), "'ms' must be an integer, got 'abc'");
        assertBadRequest(getJson(route + "?ms=1.5"), "'ms' must be an integer, got '1.5'");
    }

    // ---- /fanout ----

    @Test
    void fanoutRunsTheCallsSideBySide() {
        int n = 50;
        int ms = 200;
        long start = System.nanoTime();
        Map<String, Object> body = client.get("/fanout?n=" + n + "&ms=" + ms).jsonMap();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(body).containsEntry("n", n).containsEntry("ms", ms);
        long serialMs = (long) n * ms;
        assertThat(((Number) body.get("totalMs")).longValue()).isGreaterThanOrEqualTo(ms).isLessThan(serialMs / 4);
        assertThat(elapsedMs).isLessThan(serialMs / 4);
    }

    @Test
    void fanoutRefusesTooMuch() {
        assertBadRequest(getJson("/fanout?n=101&ms=1"), "'n' must be from 1 to 100, got 101");
        assertBadRequest(getJson("/fanout?n=0&ms=1"), "'n' must be from 1 to 100, got 0");
        assertBadRequest(getJson("/fanout?n=2&ms=10001"), "'ms' must be from 0 to 10000, got 10001");
        assertBadRequest(getJson("/fanout?n=2&ms=-5"), "'ms' must be from 0 to 10000, got -5");
        assertBadRequest(getJson("/fanout?n=many"), "'n' must be an integer, got 'many'");
        assertBadRequest(getJson("/fanout?n=2&ms=1e3"), "'ms' must be an integer, got '1e3'");
    }

    // ---- /background ----

    @Test
    void backgroundTasksRunAfterTheReplyAndAreCounted() throws Exception {
        assertThat(client.get("/background").jsonMap()).containsEntry("done", 0);
        int tasks = 3;
        for (int i = 0; i < tasks; i++) {
            // What the counter says at the moment the 202 arrives: the reply never waits for its task.
            int doneAtReply = client.sendAsync(TestRequest.post("/background"))
                    .thenApply(res -> {
                        assertThat(res.status()).isEqualTo(202);
                        assertThat(res.jsonMap()).containsEntry("queued", true);
                        return tour.backgroundDone();
                    })
                    .get(1, TimeUnit.MINUTES);
            if (i == 0) assertThat(doneAtReply).isZero();
        }
        assertThat(eventually(Duration.ofSeconds(20),
                () -> client.get("/background").jsonMap().get("done").equals(tasks))).isTrue();
    }

    // ---- /upload ----

    @Test
    void uploadAnswersTheFilesNameSizeAndSha256() throws Exception {
        byte[] content = new byte[300_000];
        new java.util.Random(1).nextBytes(content);
        TestResponse res = client.send(TestRequest.post("/upload")
                .multipart(m -> m.file("file", "holiday photo.jpg", "image/jpeg", content)));
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        assertThat(res.jsonMap()).isEqualTo(Map.of("name", "holiday photo.jpg", "size", 300_000, "sha256", sha256));
        assertThat(client.get("/upload").text()).contains("enctype=\"multipart/form-data\"").contains("name=\"_csrf\"");
    }

    @Test
    void uploadRefusesAFormWithoutAFileAndAFileOverTheLimit() {
        TestResponse none = client.send(TestRequest.post("/upload").multipart(m -> m.field("note", "no file"))
                .header("Accept", "application/json"));
        assertBadRequest(none, "No file: send one as the multipart field 'file'");
        stop();
        startWith(Config.builder().maxFileSize(1000).build());
        TestResponse big = client.send(TestRequest.post("/upload").multipart(m -> m.file("file", "big.bin", "application/octet-stream",
                new byte[2000])).header("Accept", "application/json"));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.jsonMap().get("error").toString()).contains("(maxFileSize)");
    }

    // ---- /echo ----

    @Test
    void echoReturnsTheJsonItGot() {
        Map<String, Object> sent = Map.of("name", "Ada", "tags", List.of("x", 1, 2.5, true), "nested", Map.of("ok", false));
        TestResponse res = client.postJson("/echo", sent);
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith("application/json");
        assertThat(res.jsonMap()).isEqualTo(sent);
        assertThat(client.post("/echo", "[1, null]", "application/json").text()).isEqualTo("[1,null]");
    }

    @Test
    void echoRefusesMalformedJson() {
        TestResponse res = client.send(TestRequest.post("/echo").body("{\"a\": ", "application/json").header("Accept", "application/json"));
        assertBadRequest(res, "Malformed JSON");
        assertBadRequest(client.send(TestRequest.post("/echo").body("", "application/json")
                .header("Accept", "application/json")), "empty body");
        assertThat(client.post("/echo", "a=1", "application/x-www-form-urlencoded").status()).isEqualTo(415);
    }

    @Test
    void echoRefusesABodyOverTheLimit() {
        long limit = app.config().maxBodySize();
        String big = "\"" + "x".repeat((int) limit) + "\"";
        TestResponse res = client.send(TestRequest.post("/echo").body(big, "application/json").header("Accept", "application/json"));
        assertThat(res.status()).isEqualTo(413);
        assertThat(res.jsonMap().get("error").toString()).contains("maxBodySize");
    }

    // ---- /users: the ORM ----

    private TestResponse createUser(Object body) {
        return client.send(TestRequest.post("/users").json(body).header("Accept", "application/json"));
    }

    @Test
    void usersAreCreatedFoundAndListed() {
        TestResponse ada = createUser(Map.of("name", "Ada", "email", "ada@example.com"));
        assertThat(ada.status()).isEqualTo(201);
        Object id = ada.jsonMap().get("id");
        assertThat(ada.header("Location")).isEqualTo("/users/" + id);
        assertThat(ada.jsonMap()).containsEntry("name", "Ada").containsEntry("email", "ada@example.com");
        assertThat(createUser(Map.of("name", "Grace", "email", "grace@example.com")).status()).isEqualTo(201);

        assertThat(client.get("/users/" + id).jsonMap()).isEqualTo(ada.jsonMap());
        assertThat(client.get("/users").text()).isEqualTo("[{\"id\":1,\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                + "{\"id\":2,\"name\":\"Grace\",\"email\":\"grace@example.com\"}]");
    }

    @Test
    void usersAreRefusedWithTheRightStatus() {
        assertThat(createUser(Map.of("name", "Ada", "email", "ada@example.com")).status()).isEqualTo(201);
        TestResponse taken = createUser(Map.of("name", "Another Ada", "email", "ada@example.com"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.jsonMap().get("error").toString()).contains("email");
        TestResponse noName = createUser(Map.of("email", "x@example.com"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.jsonMap().get("error").toString()).contains("name");
        TestResponse tooLong = createUser(Map.of("name", "x".repeat(51), "email", "y@example.com"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.jsonMap().get("error").toString()).contains("name");
        assertBadRequest(client.send(TestRequest.post("/users").body("{\"name\": ", "application/json")
                .header("Accept", "application/json")), "Malformed JSON");
        assertThat(getJson("/users/99").status()).isEqualTo(404);
        assertThat(client.get("/users").text()).contains("ada@example.com").doesNotContain("Another");
    }

    // ---- /mistake and the watchdog ----

    @Test
    void theWatchdogNamesTheAsyncHandlerThatBlocked() throws Exception {
        stop();
        startWith(Config.builder().dev(true).watchdogThreshold(Duration.ofMillis(50)).build());
        ch.qos.logback.classic.Logger watchdog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.duet.watchdog");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        watchdog.addAppender(seen);
        watchdog.setAdditive(false); // the report is expected here; keep it off the build's console
        try {
            assertThat(client.get("/mistake?ms=300").jsonMap()).containsEntry("ms", 300);
            assertThat(eventually(Duration.ofSeconds(10), () -> seen.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("GET /mistake")))).isTrue();
        } finally {
            watchdog.detachAppender(seen);
            watchdog.setAdditive(true);
        }
    }

    @Test
    void mistakeKeepsItsBlockingShort() {
        assertThat(client.get("/mistake?ms=1").status()).isEqualTo(200);
        assertBadRequest(getJson("/mistake?ms=1001"), "'ms' must be from 0 to 1000, got 1001");
    }

    // ---- on a real server, once a core is on the class path ----

    /** Starts the tour the way Tour.main does, on whatever core ServiceLoader finds (duet-netty). */
    @Test
    void servesOverHttpOnTheCoreServiceLoaderFinds() throws Exception {
        boolean coreFound = ServiceLoader.load(ServerCore.class).findFirst().isPresent();
        assumeTrue(coreFound, "no server core on the class path yet (duet-netty is being written)");
        App served = Tour.build(App.create(Config.builder().host("127.0.0.1").port(0).maxBodySize(1024).build()), inMemory()).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + served.port();
            HttpResponse<String> check = http.send(HttpRequest.newBuilder(URI.create(base + "/check")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(check.statusCode()).isEqualTo(200);
            assertThat(check.body()).isEqualTo("OK");
            assertThat(check.headers().firstValue("X-Response-Time")).isPresent();
            HttpResponse<String> echo = http.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"a\":[1,2]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.body()).isEqualTo("{\"a\":[1,2]}");
            HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("\"" + "x".repeat(2048) + "\"")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);
        } finally {
            served.stop();
        }
    }
}
