package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** How failures become responses: HttpError, error handlers by type and status, Duet's own error pages. */
public abstract class ErrorsSuite extends ConformanceSuite {

    protected ErrorsSuite(Harness harness) {
        super(harness);
    }

    public record Person(String name, int age) {
    }

    private static ClientRequest json(ClientRequest r) {
        return r.accept("application/json");
    }

    @Test
    void httpErrorBecomesItsStatusAndMessage() {
        App app = newApp();
        app.get("/taken", req -> {
            throw new HttpError(409, "name <ada> is taken");
        });
        var client = serve(app);

        ClientResponse asJson = client.send(json(ClientRequest.get("/taken")));
        assertThat(asJson.status()).isEqualTo(409);
        assertThat(asJson.mediaType()).isEqualTo("application/json");
        assertThat(asJson.jsonMap())
                .containsEntry("error", "name <ada> is taken")
                .containsEntry("status", 409)
                .containsEntry("requestId", asJson.header("X-Request-Id"));

        ClientResponse asHtml = client.get("/taken");
        assertThat(asHtml.status()).isEqualTo(409);
        assertThat(asHtml.mediaType()).isEqualTo("text/html");
        assertThat(asHtml.text()).contains("name &lt;ada&gt; is taken").doesNotContain("<ada>");
    }

    @Test
    void httpErrorHeadersAreSent() {
        App app = newApp();
        app.get("/busy", req -> {
            throw HttpError.unavailable("busy", 7);
        });
        var client = serve(app);

        ClientResponse res = client.get("/busy");
        assertThat(res.status()).isEqualTo(503);
        assertThat(res.header("Retry-After")).isEqualTo("7");
    }

    static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message);
        }
    }

    @Test
    void anErrorHandlerThatThrowsAnHttpErrorHandsTheRequestToThatStatusHandler() {
        // A library maps its own exception to a 404; the app's 404 page still answers it.
        App app = newApp();
        app.get("/thing", req -> {
            throw new Missing("no such thing");
        });
        app.error(Missing.class, (req, e) -> {
            throw HttpError.notFound(e.getMessage());
        });
        app.error(404, (req, e) -> Response.text("our 404 page: " + e.getMessage()).status(404));
        var client = serve(app);

        ClientResponse res = client.get("/thing");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.text()).isEqualTo("our 404 page: no such thing");
    }

    @Test
    void theHandOffHappensOnceSoTwoHandlersCannotLoop() {
        App app = newApp();
        app.get("/loop", req -> {
            throw new HttpError(409, "first");
        });
        app.error(409, (req, e) -> {
            throw new HttpError(410, "second");
        });
        app.error(410, (req, e) -> {
            throw new HttpError(409, "third");
        });
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.get("/loop")));
        assertThat(res.status()).isEqualTo(409);
        assertThat(res.jsonMap()).containsEntry("error", "third");
    }

    @Test
    void errorHandlerForTheClosestSuperclassWins() {
        App app = newApp();
        app.get("/nfe", req -> Integer.parseInt("x"));
        app.get("/ise", req -> {
            throw new IllegalStateException("state");
        });
        app.get("/io", req -> {
            throw new IOException("disk");
        });
        app.error(RuntimeException.class, (req, e) -> Response.text("runtime: " + e.getClass().getSimpleName()).status(500));
        app.error(IllegalArgumentException.class, (req, e) -> Response.text("argument: " + e.getClass().getSimpleName()).status(400));
        app.error(Exception.class, (req, e) -> Response.text("exception: " + e.getMessage()).status(502));
        var client = serve(app);

        assertThat(client.get("/nfe").text()).isEqualTo("argument: NumberFormatException");
        assertThat(client.get("/ise").text()).isEqualTo("runtime: IllegalStateException");
        ClientResponse io = client.get("/io");
        assertThat(io.status()).isEqualTo(502);
        assertThat(io.text()).isEqualTo("exception: disk");
    }

    @Test
    void errorHandlersByStatusCoverRoutingErrorsToo() {
        App app = newApp();
        app.get("/gone", req -> {
            throw HttpError.notFound("no such thing");
        });
        app.post("/only-post", req -> "posted");
        app.error(404, (req, e) -> Response.html("<h1>Nothing at " + req.path() + "</h1>").status(404));
        app.errorAsync(405, (req, e) -> CompletableFuture.completedFuture(Response.text("use another method").status(405)));
        var client = serve(app);

        ClientResponse missing = client.get("/missing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text()).isEqualTo("<h1>Nothing at /missing</h1>");
        assertThat(client.get("/gone").text()).isEqualTo("<h1>Nothing at /gone</h1>");
        ClientResponse wrongMethod = client.get("/only-post");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.text()).isEqualTo("use another method");
        assertThat(wrongMethod.headers("Allow")).as("a 405 must say what is allowed, custom page or not")
                .containsExactly("POST, OPTIONS");
    }

    @Test
    void statusHandlerIsPreferredOverTypeHandlerForHttpErrors() {
        App app = newApp();
        app.get("/conflict", req -> {
            throw HttpError.conflict("c");
        });
        app.error(HttpError.class, (req, e) -> Response.text("by type " + e.status()).status(e.status()));
        app.error(404, (req, e) -> Response.text("by status").status(404));
        var client = serve(app);

        assertThat(client.get("/missing").text()).isEqualTo("by status");
        assertThat(client.get("/conflict").text()).isEqualTo("by type 409");
    }

    @Test
    void asyncErrorHandlersWorkLikeBlockingOnes() {
        App app = newApp();
        app.get("/ise", req -> {
            throw new IllegalStateException("state");
        });
        app.errorAsync(IllegalStateException.class, (req, e) -> req.tasks().delay(Duration.ofMillis(5))
                .thenApply(x -> Map.of("handled", e.getMessage())));
        app.errorAsync(404, (req, e) -> CompletableFuture.completedFuture(Response.text("async 404").status(404)));
        var client = serve(app);

        ClientResponse ise = client.get("/ise");
        assertThat(ise.status()).as("an error handler's plain value is mapped like a handler's").isEqualTo(200);
        assertThat(ise.jsonMap()).containsEntry("handled", "state");
        assertThat(client.get("/nope").text()).isEqualTo("async 404");
    }

    @Test
    void errorHandlerThatItselfFailsGives500() {
        App app = newApp();
        app.get("/blocking", req -> {
            throw new IllegalStateException("first");
        });
        app.get("/async", req -> {
            throw new IllegalArgumentException("first");
        });
        app.error(IllegalStateException.class, (req, e) -> {
            throw new RuntimeException("handler broke");
        });
        app.errorAsync(IllegalArgumentException.class, (req, e) -> CompletableFuture.failedFuture(new RuntimeException("broke")));
        var client = serve(app);

        for (String uri : new String[] {"/blocking", "/async"}) {
            ClientResponse res = client.send(json(ClientRequest.get(uri)));
            assertThat(res.status()).as(uri).isEqualTo(500);
            assertThat(res.jsonMap()).as(uri).containsEntry("error", "Internal Server Error");
        }
    }

    @Test
    void a503CausedByAFailingDependencyIsLoggedAtDebugAndOther5xxAtWarn() throws Exception {
        App app = newApp();
        // As duet-db maps a ConnectionFailure: the database's own outage lines say it is down.
        app.get("/db", req -> {
            throw new HttpError(503, "The database is unavailable; try again shortly", Map.of("Retry-After", "1"),
                    new IOException("connection refused"));
        });
        app.get("/busy", req -> {
            throw HttpError.unavailable("busy", 1);
        });
        app.get("/gateway", req -> {
            throw new HttpError(502, "upstream broke", new IOException("reset"));
        });
        var client = serve(app);
        try (LogCapture log = LogCapture.of("dev.duet", ch.qos.logback.classic.Level.DEBUG)) {
            for (int i = 0; i < 50; i++) {
                ClientResponse res = client.get("/db");
                assertThat(res.status()).isEqualTo(503);
                assertThat(res.header("Retry-After")).isEqualTo("1");
            }
            assertThat(log.events(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))).isEmpty();
            assertThat(log.events(e -> e.getFormattedMessage().contains("answered 503: The database is unavailable"))).hasSize(50);
            assertThat(client.get("/busy").status()).isEqualTo(503);
            assertThat(client.get("/gateway").status()).isEqualTo(502);
            var warnings = log.events(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
            assertThat(warnings).extracting(e -> e.getFormattedMessage())
                    .anyMatch(m -> m.contains("answered 503: busy")).anyMatch(m -> m.contains("answered 502: upstream broke"))
                    .hasSize(2);
            assertThat(warnings).allMatch(e -> e.getThrowableProxy() == null);
        }
    }

    @Test
    void internalErrorCarriesTheRequestIdAndHidesTheDetails() {
        App app = newApp();
        app.get("/bug", req -> {
            throw new IllegalStateException("secret detail");
        });
        var client = serve(app);

        try (LogCapture log = LogCapture.of("dev.duet")) {
            ClientResponse html = client.get("/bug");
            String id = html.header("X-Request-Id");
            assertThat(html.status()).isEqualTo(500);
            assertThat(id).isNotBlank();
            assertThat(html.mediaType()).isEqualTo("text/html");
            assertThat(html.text()).contains("500 Internal Server Error").contains(id)
                    .doesNotContain("secret detail").doesNotContain("IllegalStateException").doesNotContain("at dev.duet");

            ClientResponse json = client.send(json(ClientRequest.get("/bug")));
            assertThat(json.mediaType()).isEqualTo("application/json");
            assertThat(json.jsonMap())
                    .containsEntry("status", 500)
                    .containsEntry("error", "Internal Server Error")
                    .containsEntry("requestId", json.header("X-Request-Id"))
                    .doesNotContainKey("trace");
            assertThat(json.header("X-Request-Id")).isNotEqualTo(id);

            assertThat(log.events(e -> e.getThrowableProxy() != null
                    && "secret detail".equals(e.getThrowableProxy().getMessage())))
                    .as("the stack trace goes to the log, with the request id").hasSize(2)
                    .allMatch(e -> e.getFormattedMessage().contains("[" + id + "]")
                            || e.getFormattedMessage().contains("[" + json.header("X-Request-Id") + "]"));
        }
    }

    @Test
    void devModeShowsTheStackTraceOnServerErrorsOnly() {
        App app = newApp(c -> c.dev(true));
        app.get("/bug", req -> {
            throw new IllegalStateException("secret detail");
        });
        app.get("/client-error", req -> {
            throw HttpError.badRequest("your fault");
        });
        var client = serve(app);

        ClientResponse html = client.get("/bug");
        assertThat(html.status()).isEqualTo(500);
        assertThat(html.text()).contains("<pre>").contains("java.lang.IllegalStateException: secret detail")
                .contains("at dev.duet");
        ClientResponse json = client.send(json(ClientRequest.get("/bug")));
        assertThat(json.jsonMap().get("trace").toString()).contains("IllegalStateException: secret detail");
        ClientResponse clientError = client.send(json(ClientRequest.get("/client-error")));
        assertThat(clientError.status()).isEqualTo(400);
        assertThat(clientError.jsonMap()).containsEntry("error", "your fault").doesNotContainKey("trace");
    }

    @Test
    void errorPageFormatFollowsWhatTheClientAccepts() {
        App app = newApp();
        var client = serve(app);

        assertThat(client.get("/x").mediaType()).as("no Accept").isEqualTo("text/html");
        assertThat(client.send(ClientRequest.get("/x").accept("application/json")).mediaType()).isEqualTo("application/json");
        assertThat(client.send(ClientRequest.get("/x").accept("text/html,application/json;q=0.9")).mediaType())
                .isEqualTo("text/html");
        assertThat(client.send(ClientRequest.get("/x").accept("application/problem+json")).mediaType())
                .isEqualTo("application/json");
        assertThat(client.send(ClientRequest.post("/x").body("{}", "application/json")).mediaType())
                .as("a JSON request with no Accept").isEqualTo("application/json");
    }

    @Test
    void malformedJsonBodyIs400NamingTheProblem() {
        App app = newApp();
        app.post("/people", req -> req.json(Person.class));
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.post("/people").body("{\"name\": \"Ada\",, }", "application/json")));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.jsonMap().get("error").toString()).startsWith("Malformed JSON").contains("line 1");
    }

    @Test
    void jsonThatDoesNotFitTheTypeIs400NamingIt() {
        App app = newApp();
        app.post("/people", req -> req.json(Person.class));
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.post("/people").body("{\"name\":\"Ada\",\"age\":\"old\"}", "application/json")));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.jsonMap().get("error")).isEqualTo("Field 'age' must be a number, got \"old\"");
    }

    @Test
    void wrongContentTypeForJsonIs415() {
        App app = newApp();
        app.post("/people", req -> req.json(Person.class));
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.post("/people").body("{\"name\":\"Ada\",\"age\":1}", "text/plain")));
        assertThat(res.status()).isEqualTo(415);
        assertThat(res.jsonMap().get("error").toString()).contains("text/plain");
    }

    @Test
    void emptyJsonBodyIs400() {
        App app = newApp();
        app.post("/people", req -> req.json(Person.class));
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.post("/people").body(new byte[0], "application/json")));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.jsonMap().get("error").toString()).containsIgnoringCase("empty");
    }

    @Test
    void exceptionsInMiddlewareAreHandledToo() {
        App app = newApp();
        app.use((req, next) -> {
            if (req.header("X-Blocking") != null) throw new IllegalStateException("blocking middleware");
            return next.proceed();
        });
        app.useAsync((req, next) -> {
            if (req.header("X-Async-Throw") != null) throw new IllegalStateException("async middleware threw");
            if (req.header("X-Async-Fail") != null) return CompletableFuture.failedFuture(new HttpError(402, "pay first"));
            return next.proceed();
        });
        app.get("/r", req -> "ok");
        app.error(IllegalStateException.class, (req, e) -> Response.text("handled " + e.getMessage()).status(409));
        var client = serve(app);

        ClientResponse blocking = client.send(ClientRequest.get("/r").header("X-Blocking", "1"));
        assertThat(blocking.status()).isEqualTo(409);
        assertThat(blocking.text()).isEqualTo("handled blocking middleware");
        assertThat(client.send(ClientRequest.get("/r").header("X-Async-Throw", "1")).text())
                .isEqualTo("handled async middleware threw");
        assertThat(client.send(ClientRequest.get("/r").header("X-Async-Fail", "1")).status()).isEqualTo(402);
        assertThat(client.get("/r").text()).isEqualTo("ok");
    }

    @Test
    void middlewareReturningNullIsABug500() {
        App app = newApp();
        app.use((req, next) -> null);
        app.get("/r", req -> "ok");
        var client = serve(app);

        assertThat(client.get("/r").status()).isEqualTo(500);
    }

    @Test
    void errorHandlerRethrowingItsErrorGives500AndNoOtherHandlerSeesIt() {
        App app = newApp();
        app.get("/r", req -> {
            throw new IllegalStateException("first");
        });
        app.error(IllegalStateException.class, (req, e) -> {
            throw e;
        });
        app.error(IllegalArgumentException.class, (req, e) -> Response.text("wrong handler: " + e.getMessage()).status(418));
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.get("/r")));
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.jsonMap()).containsEntry("error", "Internal Server Error");
    }

    @Test
    void deadlineAnswersGoThroughErrorHandlersOfBothKinds() {
        App app = newApp(c -> c.requestTimeout(Duration.ofMillis(100)));
        app.get("/blocking", req -> {
            Thread.sleep(30_000);
            return "finished";
        });
        app.error(504, (req, e) -> Response.text("too slow: " + req.path()).status(504));
        var client = serve(app);

        ClientResponse res = client.get("/blocking");
        assertThat(res.status()).isEqualTo(504);
        assertThat(res.text()).isEqualTo("too slow: /blocking");
    }

    @Test
    void unauthorizedIs401WithoutDetails() {
        App app = newApp();
        app.get("/me", req -> {
            throw HttpError.unauthorized("Sign in first");
        });
        ClientResponse res = serve(app).send(json(ClientRequest.get("/me")));
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.mediaType()).isEqualTo("application/json");
        assertThat(res.jsonMap())
                .containsEntry("error", "Sign in first")
                .containsEntry("status", 401)
                .containsEntry("requestId", res.header("X-Request-Id"))
                .doesNotContainKey("details");
    }

    @Test
    void forbiddenIs403WithoutDetails() {
        App app = newApp();
        app.get("/admin", req -> {
            throw HttpError.forbidden("Admins only");
        });
        ClientResponse res = serve(app).send(json(ClientRequest.get("/admin")));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.mediaType()).isEqualTo("application/json");
        assertThat(res.jsonMap())
                .containsEntry("error", "Admins only")
                .containsEntry("status", 403)
                .doesNotContainKey("details");
    }

    @Test
    void tooManyRequestsIs429WithRetryAfter() {
        App app = newApp();
        app.get("/api", req -> {
            throw HttpError.tooManyRequests("Slow down", 30);
        });
        ClientResponse res = serve(app).send(json(ClientRequest.get("/api")));
        assertThat(res.status()).isEqualTo(429);
        assertThat(res.header("Retry-After")).isEqualTo("30");
        assertThat(res.jsonMap())
                .containsEntry("error", "Slow down")
                .containsEntry("status", 429)
                .doesNotContainKey("details");
    }

    @Test
    void unprocessableIs422WithDetailsInTheJsonBody() {
        App app = newApp();
        app.post("/signup", req -> {
            throw HttpError.unprocessable("Invalid signup", Map.of("email", "is not an email", "age", "must be 18+"));
        });
        ClientResponse res = serve(app).send(json(ClientRequest.post("/signup")));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.mediaType()).isEqualTo("application/json");
        assertThat(res.jsonMap())
                .containsEntry("error", "Invalid signup")
                .containsEntry("status", 422)
                .containsEntry("requestId", res.header("X-Request-Id"))
                .containsEntry("details", Map.of("email", "is not an email", "age", "must be 18+"));
    }

    @Test
    void unprocessableListsItsDetailsEscapedOnTheHtmlPage() {
        App app = newApp();
        app.post("/signup", req -> {
            throw HttpError.unprocessable("Invalid signup", Map.of("name", "<script> is not a name"));
        });
        ClientResponse res = serve(app).send(ClientRequest.post("/signup").accept("text/html"));
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text())
                .contains("Invalid signup")
                .contains("name")
                .contains("&lt;script&gt; is not a name")
                .doesNotContain("<script>");
    }

    // ---- the errors setting: an API answers in JSON, whatever the client accepts ----

    @Test
    void withErrorsJsonEveryBuiltInErrorIsJsonEvenForABrowser() {
        App app = newApp(c -> c.errors(Config.ErrorFormat.JSON));
        app.get("/things/{id:int}", req -> "thing");
        app.post("/things", req -> req.json(Person.class));
        app.get("/gone", req -> {
            throw HttpError.forbidden("not yours");
        });
        var client = serve(app);
        String browser = "text/html,application/xhtml+xml,*/*;q=0.8";

        ClientResponse notFound = client.send(ClientRequest.get("/nothing").accept(browser));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.mediaType()).isEqualTo("application/json");
        assertThat(notFound.jsonMap()).containsEntry("status", 404).containsEntry("requestId", notFound.header("X-Request-Id"));

        ClientResponse notAllowed = client.send(ClientRequest.delete("/things/1").accept(browser));
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.mediaType()).isEqualTo("application/json");
        assertThat(notAllowed.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");

        ClientResponse badPath = client.send(ClientRequest.get("/things/x").accept(browser));
        assertThat(badPath.status()).isIn(400, 404);
        assertThat(badPath.mediaType()).isEqualTo("application/json");

        ClientResponse wrongType = client.send(ClientRequest.post("/things").body("name=x", "application/x-www-form-urlencoded")
                .accept(browser));
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.mediaType()).isEqualTo("application/json");

        ClientResponse malformed = client.send(ClientRequest.post("/things").body("{\"name\":", "application/json")
                .accept(browser));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.mediaType()).isEqualTo("application/json");

        ClientResponse forbidden = client.send(ClientRequest.get("/gone").accept(browser));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.jsonMap()).containsEntry("error", "not yours");
    }

    @Test
    void withErrorsHtmlAJsonClientStillGetsAPage() {
        App app = newApp(c -> c.errors(Config.ErrorFormat.HTML));
        var client = serve(app);

        ClientResponse res = client.send(json(ClientRequest.get("/nothing")));
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.mediaType()).isEqualTo("text/html");
        assertThat(res.text()).contains("404 Not Found");
    }

    @Test
    void byDefaultTheClientsAcceptDecides() {
        var client = serve(newApp());
        assertThat(client.send(json(ClientRequest.get("/nothing"))).mediaType()).isEqualTo("application/json");
        assertThat(client.send(ClientRequest.get("/nothing").accept("text/html, application/json")).mediaType())
                .isEqualTo("text/html");
        assertThat(client.get("/nothing").mediaType()).isEqualTo("text/html");
    }

    @Test
    void withErrorsJsonTheServersOwnLimitsAnswerInJsonToo() {
        App app = newApp(c -> c.errors(Config.ErrorFormat.JSON).maxInFlight(1));
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        app.getAsync("/hold", req -> {
            entered.complete(null);
            return release.thenApply(x -> "held");
        });
        var client = serve(app);
        CompletableFuture<ClientResponse> held = client.sendAsync(ClientRequest.get("/hold"));
        try {
            entered.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            ClientResponse busy = client.send(ClientRequest.get("/other").accept("text/html"));
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.mediaType()).isEqualTo("application/json");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
        } finally {
            release.complete(null);
        }
        assertThat(held.join().status()).isEqualTo(200);
    }
}
