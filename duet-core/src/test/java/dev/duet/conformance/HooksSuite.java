package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Before, after and teardown hooks and middleware: their order, what they see, and how they stop a request. */
public abstract class HooksSuite extends ConformanceSuite {

    protected HooksSuite(Harness harness) {
        super(harness);
    }

    @Test
    void beforeHooksRunInRegistrationOrderWhateverTheirKindThenTheHandler() {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.before(req -> order.add("blocking 1"));
        app.beforeAsync(req -> req.tasks().delay(Duration.ofMillis(5)).thenRun(() -> order.add("async 2")));
        app.before(req -> order.add("blocking 3"));
        app.beforeAsync(req -> {
            order.add("async 4");
            return CompletableFuture.completedFuture(null);
        });
        app.get("/r", req -> {
            order.add("handler");
            return "ok";
        });
        var client = serve(app);

        assertThat(client.get("/r").text()).isEqualTo("ok");
        assertThat(order).containsExactly("blocking 1", "async 2", "blocking 3", "async 4", "handler");
    }

    @Test
    void beforeHookThrowingHttpErrorStopsTheChainAndAfterHooksSeeTheErrorResponse() {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.before(req -> {
            order.add("first");
            if (req.header("X-Token") == null) throw new HttpError(401, "log in first");
        });
        app.beforeAsync(req -> {
            order.add("second");
            return "no".equals(req.header("X-Token"))
                    ? CompletableFuture.failedFuture(new HttpError(403, "not you"))
                    : CompletableFuture.completedFuture(null);
        });
        app.before(req -> order.add("third"));
        app.get("/r", req -> {
            order.add("handler");
            return "ok";
        });
        app.after((req, res) -> {
            order.add("after saw " + res.status() + " caused by " + res.cause().getMessage());
            res.header("X-After", "ran");
        });
        var client = serve(app);

        ClientResponse unauthorized = client.get("/r");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("X-After")).isEqualTo("ran");
        assertThat(order).containsExactly("first", "after saw 401 caused by log in first");

        order.clear();
        ClientResponse forbidden = client.send(ClientRequest.get("/r").header("X-Token", "no"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(order).containsExactly("first", "second", "after saw 403 caused by not you");
    }

    @Test
    void afterHooksRunInOrderAndCanChangeTheResponse() {
        App app = newApp();
        app.get("/r", req -> Response.text("body").header("X-Handler", "yes"));
        app.after((req, res) -> res.addHeader("X-Trail", "blocking"));
        app.afterAsync((req, res) -> req.tasks().delay(Duration.ofMillis(5))
                .thenRun(() -> res.addHeader("X-Trail", "async")));
        app.after((req, res) -> {
            if (res.header("X-Handler") != null) res.status(202).header("X-Handler", null);
        });
        var client = serve(app);

        ClientResponse res = client.get("/r");
        assertThat(res.headers("X-Trail")).containsExactly("blocking", "async");
        assertThat(res.status()).isEqualTo(202);
        assertThat(res.header("X-Handler")).as("removed by the last hook").isNull();
        assertThat(res.text()).isEqualTo("body");
    }

    @Test
    void afterHooksSeeErrorResponsesAndTheirCause() {
        App app = newApp();
        app.get("/boom", req -> {
            throw new IllegalStateException("kaput");
        });
        app.after((req, res) -> res.header("X-Seen", res.status() + " " + res.cause().getClass().getSimpleName()));
        app.afterAsync((req, res) -> {
            res.addHeader("X-Async-Seen", Integer.toString(res.status()));
            return CompletableFuture.completedFuture(null);
        });
        var client = serve(app);

        ClientResponse res = client.get("/boom");
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.header("X-Seen")).isEqualTo("500 IllegalStateException");
        assertThat(res.header("X-Async-Seen")).isEqualTo("500");
        assertThat(client.get("/missing").header("X-Seen")).as("a 404 from routing too").isEqualTo("404 HttpError");
    }

    @Test
    void errorThrownByAnAfterHookBecomesAResponse() {
        App app = newApp();
        app.get("/r", req -> "fine");
        app.after((req, res) -> {
            throw new HttpError(422, "after hook objects");
        });
        var client = serve(app);

        assertThat(client.get("/r").status()).isEqualTo(422);
    }

    /** What each request's teardown hooks received, by request id. */
    private static final class Teardowns {
        final Map<String, List<String>> byRequest = new ConcurrentHashMap<>();

        void add(String requestId, String kind, Throwable error) {
            byRequest.computeIfAbsent(requestId, k -> new CopyOnWriteArrayList<>())
                    .add(kind + ":" + (error == null ? "null" : error.getClass().getSimpleName() + "(" + error.getMessage() + ")"));
        }

        List<String> of(ClientResponse res) {
            return byRequest.getOrDefault(res.header("X-Request-Id"), List.of());
        }
    }

    @Test
    void teardownHooksAlwaysRunExactlyOnceWithTheErrorOrNull() {
        Teardowns seen = new Teardowns();
        App app = newApp();
        app.get("/ok", req -> "ok");
        app.get("/boom", req -> {
            throw new IllegalStateException("kaput");
        });
        app.get("/handled", req -> {
            throw new IllegalArgumentException("bad");
        });
        app.getAsync("/async-boom", req -> req.tasks().delay(Duration.ofMillis(5)).thenApply(x -> {
            throw new HttpError(409, "late conflict");
        }));
        app.error(IllegalArgumentException.class, (req, e) -> Response.text("handled").status(400));
        app.teardown((req, e) -> seen.add(req.id(), "blocking", e));
        app.teardownAsync((req, e) -> req.tasks().delay(Duration.ofMillis(5)).thenRun(() -> seen.add(req.id(), "async", e)));
        var client = serve(app);

        assertThat(seen.of(client.get("/ok"))).containsExactly("blocking:null", "async:null");
        assertThat(seen.of(client.get("/boom"))).containsExactly(
                "blocking:IllegalStateException(kaput)", "async:IllegalStateException(kaput)");
        ClientResponse handled = client.get("/handled");
        assertThat(handled.status()).isEqualTo(400);
        assertThat(seen.of(handled)).as("the error an error handler turned into a response").containsExactly(
                "blocking:IllegalArgumentException(bad)", "async:IllegalArgumentException(bad)");
        assertThat(seen.of(client.get("/async-boom"))).containsExactly(
                "blocking:HttpError(late conflict)", "async:HttpError(late conflict)");
        assertThat(seen.of(client.get("/nowhere"))).as("404s too").containsExactly(
                "blocking:HttpError(No route for GET /nowhere)", "async:HttpError(No route for GET /nowhere)");
        assertThat(seen.byRequest).hasSize(5);
    }

    @Test
    void failingTeardownHookIsLoggedAndChangesNothing() {
        List<String> ran = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.get("/r", req -> "ok");
        app.teardown((req, e) -> {
            throw new IllegalStateException("teardown broke");
        });
        app.teardownAsync((req, e) -> CompletableFuture.failedFuture(new IllegalStateException("async teardown broke")));
        app.teardownAsync((req, e) -> {
            throw new IllegalStateException("async teardown threw");
        });
        app.teardown((req, e) -> ran.add("last teardown"));
        var client = serve(app);

        try (LogCapture log = LogCapture.of("dev.duet")) {
            ClientResponse res = client.get("/r");
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.text()).isEqualTo("ok");
            assertThat(ran).containsExactly("last teardown");
            assertThat(log.events(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("Teardown hook failed")))
                    .extracting(e -> e.getThrowableProxy().getMessage())
                    .containsExactly("teardown broke", "async teardown broke", "async teardown threw");
        }
    }

    @Test
    void middlewareRunsGlobalThenGroupThenRouteWithBothKindsInterleaved() {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use((req, next) -> {
            order.add("global blocking");
            Response res = next.proceed();
            order.add("global blocking out");
            return res;
        });
        app.useAsync((req, next) -> {
            order.add("global async");
            return next.proceed().thenApply(res -> {
                order.add("global async out");
                return res;
            });
        });
        app.before(req -> order.add("before"));
        app.group("/g", g -> {
            g.useAsync((req, next) -> {
                order.add("group async");
                return next.proceed().thenApply(res -> {
                    order.add("group async out");
                    return res;
                });
            });
            g.use((req, next) -> {
                order.add("group blocking");
                Response res = next.proceed();
                order.add("group blocking out");
                return res;
            });
            g.get("/r", req -> {
                order.add("handler");
                return "ok";
            }).use((req, next) -> {
                order.add("route blocking");
                Response res = next.proceed();
                order.add("route blocking out");
                return res;
            }).useAsync((req, next) -> {
                order.add("route async");
                return next.proceed().thenApply(res -> {
                    order.add("route async out");
                    return res;
                });
            });
        });
        var client = serve(app);

        assertThat(client.get("/g/r").text()).isEqualTo("ok");
        assertThat(order).containsExactly(
                "global blocking", "global async", "group async", "group blocking", "route blocking", "route async",
                "before", "handler",
                "route async out", "route blocking out", "group blocking out", "group async out",
                "global async out", "global blocking out");
    }

    @Test
    void middlewareCanAnswerWithoutCallingTheRestOfTheChain() {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use((req, next) -> req.header("X-Stop") != null ? Response.text("stopped").status(429) : next.proceed());
        app.before(req -> order.add("before"));
        app.get("/r", req -> {
            order.add("handler");
            return "ok";
        });
        app.after((req, res) -> order.add("after"));
        app.teardown((req, e) -> order.add("teardown"));
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.get("/r").header("X-Stop", "1"));
        assertThat(res.status()).isEqualTo(429);
        assertThat(res.text()).isEqualTo("stopped");
        assertThat(order).containsExactly("teardown");
    }

    @Test
    void middlewareSeesTheResponseOfAnErrorHandlerWithItsCause() {
        App app = newApp();
        app.use((req, next) -> {
            Response res = next.proceed();
            return res.header("X-Blocking-Saw", res.status() + " " + describe(res.cause()));
        });
        app.useAsync((req, next) -> next.proceed().thenApply(res ->
                res.header("X-Async-Saw", res.status() + " " + describe(res.cause()))));
        app.get("/handled", req -> {
            throw new IllegalStateException("conflict");
        });
        app.get("/unhandled", req -> {
            throw new UnsupportedOperationException("bug");
        });
        app.get("/fine", req -> "fine");
        app.error(IllegalStateException.class, (req, e) -> Response.text("handled: " + e.getMessage()).status(409));
        var client = serve(app);

        ClientResponse handled = client.get("/handled");
        assertThat(handled.status()).isEqualTo(409);
        assertThat(handled.text()).isEqualTo("handled: conflict");
        assertThat(handled.header("X-Blocking-Saw")).isEqualTo("409 IllegalStateException");
        assertThat(handled.header("X-Async-Saw")).isEqualTo("409 IllegalStateException");
        ClientResponse unhandled = client.get("/unhandled");
        assertThat(unhandled.header("X-Blocking-Saw")).isEqualTo("500 UnsupportedOperationException");
        assertThat(client.get("/fine").header("X-Blocking-Saw")).isEqualTo("200 none");
        assertThat(client.get("/missing").header("X-Async-Saw")).isEqualTo("404 HttpError");
    }

    private static String describe(Throwable t) {
        return t == null ? "none" : t.getClass().getSimpleName();
    }

    @Test
    void teardownHooksOfBothKindsRunForATimedOutRequest() {
        Teardowns seen = new Teardowns();
        App app = newApp(c -> c.requestTimeout(Duration.ofMillis(100)));
        app.get("/slow", req -> {
            Thread.sleep(30_000);
            return "finished";
        });
        app.teardown((req, e) -> seen.add(req.id(), "blocking", e));
        app.teardownAsync((req, e) -> {
            seen.add(req.id(), "async", e);
            return CompletableFuture.completedFuture(null);
        });
        var client = serve(app);

        ClientResponse res = client.get("/slow");
        assertThat(res.status()).isEqualTo(504);
        assertThat(seen.of(res)).containsExactly(
                "blocking:HttpError(The request did not finish within its deadline of 100 ms)",
                "async:HttpError(The request did not finish within its deadline of 100 ms)");
    }
}
