package dev.duet.conformance;

import dev.duet.App;
import dev.duet.AsyncMiddleware;
import dev.duet.HttpError;
import dev.duet.Middleware;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the app, its groups and a route nest their middleware and hooks, and how an error travels
 * outward through them: it becomes a response where it is thrown, and every link outside sees
 * that response (a CORS middleware still decorates the 401 of an auth check inside it).
 */
public abstract class NestingSuite extends ConformanceSuite {

    protected NestingSuite(Harness harness) {
        super(harness);
    }

    /** A CORS-like blocking middleware: every response it sees gets the header, and it notes the status. */
    private static Middleware cors(List<String> seen) {
        return (req, next) -> {
            Response res = next.proceed();
            seen.add("cors saw " + res.status());
            return res.header("Access-Control-Allow-Origin", "*");
        };
    }

    /** The same, async. */
    private static AsyncMiddleware corsAsync(List<String> seen) {
        return (req, next) -> next.proceed().thenApply(res -> {
            seen.add("cors saw " + res.status());
            return res.header("Access-Control-Allow-Origin", "*");
        });
    }

    @Test
    void anErrorThrownByRouteMiddlewarePassesThroughTheAppsMiddleware() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use(cors(seen));
        app.teardown((req, e) -> seen.add("teardown " + (e == null ? "ok" : e.getMessage())));
        app.get("/me", req -> "me").use((req, next) -> {
            if (req.header("Authorization") == null) throw HttpError.unauthorized("log in first");
            return next.proceed();
        });
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.get("/me").accept("application/json"));
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(res.jsonMap()).containsEntry("error", "log in first");
        assertThat(seen).containsExactly("cors saw 401", "teardown log in first");

        seen.clear();
        ClientResponse ok = client.send(ClientRequest.get("/me").header("Authorization", "Token x"));
        assertThat(ok.text()).isEqualTo("me");
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(seen).containsExactly("cors saw 200", "teardown ok");
    }

    @Test
    void aFailedStageOfAsyncMiddlewarePassesThroughBlockingMiddlewareOutsideIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use(cors(seen));
        app.group("/api", api -> {
            api.useAsync((req, next) -> CompletableFuture.failedFuture(HttpError.forbidden("not yours")));
            api.get("/thing", req -> "thing");
        });
        var client = serve(app);

        ClientResponse res = client.get("/api/thing");
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(seen).containsExactly("cors saw 403");
    }

    @Test
    void anErrorThrownByBlockingMiddlewarePassesThroughAsyncMiddlewareOutsideIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.useAsync(corsAsync(seen));
        app.use((req, next) -> {
            throw new IllegalStateException("bug in middleware");
        });
        app.get("/r", req -> "unreachable");
        var client = serve(app);

        ClientResponse res = client.get("/r");
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(seen).containsExactly("cors saw 500");
    }

    @Test
    void anErrorThrownByMiddlewareAfterTheRestAnsweredIsAlsoAResponseOutside() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use(cors(seen));
        app.use((req, next) -> {
            Response res = next.proceed();
            if (res.status() == 200) throw new HttpError(502, "upstream said no");
            return res;
        });
        app.get("/r", req -> "fine");
        var client = serve(app);

        ClientResponse res = client.get("/r");
        assertThat(res.status()).isEqualTo(502);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(seen).containsExactly("cors saw 502");
    }

    @Test
    void theAppsErrorHandlersAnswerAnErrorThrownByMiddleware() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.useAsync(corsAsync(seen));
        app.error(401, (req, e) -> Response.json(java.util.Map.of("errors", java.util.Map.of("body", List.of(e.getMessage()))))
                .status(401));
        app.get("/me", req -> "me").useAsync((req, next) -> {
            throw HttpError.unauthorized("missing token");
        });
        var client = serve(app);

        ClientResponse res = client.get("/me");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.jsonMap()).containsEntry("errors", java.util.Map.of("body", List.of("missing token")));
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void outerMiddlewareNoLongerSeesTheExceptionOfAnInnerOneOnlyItsResponse() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use((req, next) -> {
            try {
                Response res = next.proceed();
                seen.add("got " + res.status() + " caused by " + res.cause().getMessage());
                return res;
            } catch (HttpError e) {
                seen.add("caught " + e.status());
                throw e;
            }
        });
        app.get("/r", req -> "ok").use((req, next) -> {
            throw HttpError.forbidden("no");
        });
        var client = serve(app);

        assertThat(client.get("/r").status()).isEqualTo(403);
        assertThat(seen).containsExactly("got 403 caused by no");
    }

    // ---- hooks per group and per route ----

    @Test
    void beforeAndAfterHooksNestAppGroupRouteWithBothKinds() {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.before(req -> order.add("app before"));
        app.after((req, res) -> order.add("app after"));
        app.group("/api", api -> {
            api.beforeAsync(req -> req.tasks().delay(Duration.ofMillis(2)).thenRun(() -> order.add("api before")));
            api.afterAsync((req, res) -> {
                order.add("api after");
                return CompletableFuture.completedFuture(null);
            });
            api.group("/v1", v1 -> {
                v1.before(req -> order.add("v1 before"));
                v1.after((req, res) -> order.add("v1 after"));
                v1.get("/r", req -> {
                    order.add("handler");
                    return "ok";
                }).beforeAsync(req -> {
                    order.add("route before");
                    return CompletableFuture.completedFuture(null);
                }).after((req, res) -> order.add("route after"));
            });
        });
        var client = serve(app);

        assertThat(client.get("/api/v1/r").text()).isEqualTo("ok");
        assertThat(order).containsExactly("app before", "api before", "v1 before", "route before", "handler",
                "route after", "v1 after", "api after", "app after");
    }

    @Test
    void aGroupsHooksApplyToItsRoutesOnlyWhereverTheyWereRegisteredInItsBody() {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.group("/admin", admin -> {
            admin.get("/early", req -> "early");                  // registered before the hooks
            admin.before(req -> order.add("admin before " + req.path()));
            admin.after((req, res) -> res.header("X-Admin", "yes"));
            admin.get("/late", req -> "late");
        });
        app.get("/public", req -> "public");
        var client = serve(app);

        assertThat(client.get("/admin/early").header("X-Admin")).isEqualTo("yes");
        assertThat(client.get("/admin/late").header("X-Admin")).isEqualTo("yes");
        ClientResponse outside = client.get("/public");
        assertThat(outside.header("X-Admin")).isNull();
        ClientResponse missing = client.get("/admin/nothing");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Admin")).as("a 404 belongs to no group").isNull();
        assertThat(order).containsExactly("admin before /admin/early", "admin before /admin/late");
    }

    @Test
    void aGroupBeforeHookThatThrowsStopsItsRoutesAndTheAppsMiddlewareSeesTheAnswer() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.use(cors(seen));
        app.group("/api", api -> {
            api.beforeAsync(req -> req.header("Authorization") == null
                    ? CompletableFuture.failedFuture(HttpError.unauthorized("token required"))
                    : CompletableFuture.completedFuture(null));
            api.after((req, res) -> res.header("X-Api-After", Integer.toString(res.status())));
            api.get("/user", req -> {
                seen.add("handler");
                return "user";
            });
        });
        var client = serve(app);

        ClientResponse res = client.get("/api/user");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.header("X-Api-After")).as("the group's after hooks see its error responses").isEqualTo("401");
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(seen).containsExactly("cors saw 401");
    }

    @Test
    void aRoutesOwnHooksApplyToThatRouteAlone() {
        App app = newApp();
        app.get("/a", req -> "a").after((req, res) -> res.header("X-Only-A", "1"));
        app.get("/b", req -> "b");
        app.delete("/a", req -> "deleted").before(req -> {
            throw HttpError.forbidden("admins only");
        });
        var client = serve(app);

        assertThat(client.get("/a").header("X-Only-A")).isEqualTo("1");
        assertThat(client.get("/b").header("X-Only-A")).isNull();
        assertThat(client.send(ClientRequest.delete("/a")).status()).isEqualTo(403);
    }

    @Test
    void anAfterHookThatThrowsBecomesAResponseThatTheLaterAfterHooksStillSee() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = newApp();
        app.after((req, res) -> {
            seen.add("app after saw " + res.status());
            res.header("X-Content-Type-Options", "nosniff");
        });
        app.get("/r", req -> "fine").after((req, res) -> {
            throw HttpError.forbidden("not after all");
        });
        var client = serve(app);

        ClientResponse res = client.get("/r");
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.header("X-Content-Type-Options")).as("the app's after hook ran on the route hook's error").isEqualTo("nosniff");
        assertThat(seen).containsExactly("app after saw 403");
    }
}
