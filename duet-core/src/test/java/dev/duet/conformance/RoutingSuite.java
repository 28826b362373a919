package dev.duet.conformance;

import dev.duet.App;
import dev.duet.HttpMethod;
import dev.duet.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a request finds its handler: patterns, typed parameters, priorities, 404/405/501, HEAD, OPTIONS, groups. */
public abstract class RoutingSuite extends ConformanceSuite {

    protected RoutingSuite(Harness harness) {
        super(harness);
    }

    /** A handler that answers with its path parameters and their Java types. */
    private static Object describeParams(dev.duet.Request req) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        req.pathParams().forEach((k, v) -> out.put(k, v + " (" + v.getClass().getSimpleName() + ")"));
        out.put("route", req.route());
        return out;
    }

    @Test
    void staticRouteAnswersItsExactPath() {
        App app = newApp();
        app.get("/hello/world", req -> "hi");
        var client = serve(app);

        assertThat(client.get("/hello/world").text()).isEqualTo("hi");
        assertThat(client.get("/hello").status()).isEqualTo(404);
        assertThat(client.get("/hello/world/again").status()).isEqualTo(404);
    }

    @Test
    void rootRouteAnswersSlash() {
        App app = newApp();
        app.get("/", req -> "root");
        var client = serve(app);

        assertThat(client.get("/").text()).isEqualTo("root");
    }

    @Test
    void namedParameterCapturesExactlyOneSegment() {
        App app = newApp();
        app.get("/users/{name}", RoutingSuite::describeParams);
        var client = serve(app);

        assertThat(client.get("/users/ada").jsonMap())
                .containsEntry("name", "ada (String)")
                .containsEntry("route", "/users/{name}");
        assertThat(client.get("/users/ada/posts").status()).isEqualTo(404);
        assertThat(client.get("/users/").status()).isEqualTo(404);
    }

    @Test
    void intParameterIsAnIntegerAndAnythingElseIs404() {
        App app = newApp();
        app.get("/items/{id:int}", RoutingSuite::describeParams);
        var client = serve(app);

        assertThat(client.get("/items/41").jsonMap()).containsEntry("id", "41 (Integer)");
        assertThat(client.get("/items/-3").jsonMap()).containsEntry("id", "-3 (Integer)");
        assertThat(client.get("/items/abc").status()).isEqualTo(404);
        assertThat(client.get("/items/1.5").status()).isEqualTo(404);
        assertThat(client.get("/items/99999999999").status()).as("out of int range").isEqualTo(404);
    }

    @Test
    void longParameterIsALongAndAnythingElseIs404() {
        App app = newApp();
        app.get("/big/{id:long}", RoutingSuite::describeParams);
        var client = serve(app);

        assertThat(client.get("/big/99999999999").jsonMap()).containsEntry("id", "99999999999 (Long)");
        assertThat(client.get("/big/12").jsonMap()).containsEntry("id", "12 (Long)");
        assertThat(client.get("/big/12x").status()).isEqualTo(404);
        assertThat(client.get("/big/99999999999999999999").status()).as("out of long range").isEqualTo(404);
    }

    @Test
    void uuidParameterIsAUuidAndAnythingElseIs404() {
        App app = newApp();
        app.get("/orders/{id:uuid}", RoutingSuite::describeParams);
        var client = serve(app);
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

        assertThat(client.get("/orders/" + id).jsonMap()).containsEntry("id", id + " (UUID)");
        assertThat(client.get("/orders/not-a-uuid").status()).isEqualTo(404);
        assertThat(client.get("/orders/1-2-3-4-5").status()).as("too short to be a UUID").isEqualTo(404);
    }

    @Test
    void catchAllCapturesTheRestOfThePath() {
        App app = newApp();
        app.get("/files/{path:*}", req -> "[" + req.pathParam("path") + "]");
        var client = serve(app);

        assertThat(client.get("/files/a/b/c.txt").text()).isEqualTo("[a/b/c.txt]");
        assertThat(client.get("/files/readme").text()).isEqualTo("[readme]");
        assertThat(client.get("/files/").text()).as("a catch-all also matches nothing").isEqualTo("[]");
        assertThat(client.get("/other/a").status()).isEqualTo(404);
    }

    @Test
    void staticSegmentBeatsParameterWhateverTheRegistrationOrder() {
        App app = newApp();
        app.get("/users/{id}", req -> "param " + req.pathParam("id"));
        app.get("/users/me", req -> "static me");
        var client = serve(app);

        assertThat(client.get("/users/me").text()).isEqualTo("static me");
        assertThat(client.get("/users/42").text()).isEqualTo("param 42");
    }

    @Test
    void typedParameterBeatsPlainParameter() {
        App app = newApp();
        app.get("/v/{s}", req -> "string " + req.pathParam("s"));
        app.get("/v/{n:int}", req -> "int " + req.pathInt("n"));
        var client = serve(app);

        assertThat(client.get("/v/5").text()).isEqualTo("int 5");
        assertThat(client.get("/v/five").text()).isEqualTo("string five");
    }

    @Test
    void catchAllIsTheLastResort() {
        App app = newApp();
        app.get("/a/{rest:*}", req -> "rest " + req.pathParam("rest"));
        app.get("/a/b", req -> "static");
        app.get("/a/{x}/c", req -> "param " + req.pathParam("x"));
        var client = serve(app);

        assertThat(client.get("/a/b").text()).isEqualTo("static");
        assertThat(client.get("/a/z/c").text()).isEqualTo("param z");
        assertThat(client.get("/a/b/c").text()).as("backtracks from the static b into the parameter").isEqualTo("param b");
        assertThat(client.get("/a/z/d/e").text()).isEqualTo("rest z/d/e");
    }

    @Test
    void pathParametersArePercentDecoded() {
        App app = newApp();
        app.get("/users/{name}", req -> "[" + req.pathParam("name") + "]");
        app.get("/files/{path:*}", req -> "[" + req.pathParam("path") + "]");
        var client = serve(app);

        assertThat(client.get("/users/J%C3%B6rg%20M").text()).isEqualTo("[Jörg M]");
        assertThat(client.get("/users/a+b").text()).as("a plus is a plus in a path").isEqualTo("[a+b]");
        assertThat(client.get("/users/a%2Fb").text()).as("an encoded slash stays inside the segment").isEqualTo("[a/b]");
        assertThat(client.get("/files/my%20docs/r%C3%A9sum%C3%A9.pdf").text()).isEqualTo("[my docs/résumé.pdf]");
    }

    @Test
    void staticSegmentsMatchTheirPercentEncodedForm() {
        App app = newApp();
        app.get("/café", req -> "static café");
        app.get("/users/me", req -> "static me");
        app.get("/users/{id}", req -> "param " + req.pathParam("id"));
        var client = serve(app);

        assertThat(client.get("/caf%C3%A9").text()).isEqualTo("static café");
        assertThat(client.get("/users/m%65").text()).as("%65 is 'e'").isEqualTo("static me");
    }

    @Test
    void malformedPercentEncodingInAPathIs400() {
        App app = newApp();
        app.get("/users/{name}", req -> req.pathParam("name"));
        var client = serve(app);

        assertThat(client.get("/users/%zz").status()).isEqualTo(400);
    }

    @Test
    void unknownPathIs404InTheFormatTheClientAccepts() {
        App app = newApp();
        app.get("/known", req -> "yes");
        var client = serve(app);

        ClientResponse json = client.send(ClientRequest.get("/unknown").accept("application/json"));
        assertThat(json.status()).isEqualTo(404);
        assertThat(json.mediaType()).isEqualTo("application/json");
        assertThat(json.jsonMap()).containsEntry("status", 404);
        assertThat(json.jsonMap().get("error").toString()).contains("/unknown");

        ClientResponse html = client.send(ClientRequest.get("/unknown").accept("text/html"));
        assertThat(html.status()).isEqualTo(404);
        assertThat(html.mediaType()).isEqualTo("text/html");
        assertThat(html.text()).contains("404 Not Found");
    }

    @Test
    void wrongMethodIs405WithTheExactAllowHeader() {
        App app = newApp();
        app.delete("/r", req -> "deleted");
        app.get("/r", req -> "got");
        app.post("/r", req -> "posted");
        app.post("/only-post", req -> "posted");
        var client = serve(app);

        ClientResponse put = client.send(ClientRequest.put("/r"));
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.headers("Allow")).containsExactly("GET, HEAD, POST, DELETE, OPTIONS");

        ClientResponse get = client.get("/only-post");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.headers("Allow")).containsExactly("POST, OPTIONS");
    }

    @Test
    void allowHeaderListsOnlyTheMethodsOfTheMatchingPattern() {
        App app = newApp();
        app.get("/items/{id:int}", req -> "item");
        app.put("/items/{id:int}", req -> "put");
        app.post("/items/new", req -> "created");
        var client = serve(app);

        assertThat(client.send(ClientRequest.delete("/items/3")).headers("Allow"))
                .containsExactly("GET, HEAD, PUT, OPTIONS");
        assertThat(client.get("/items/new").headers("Allow")).containsExactly("POST, OPTIONS");
    }

    @Test
    void headIsServedByGetWithoutABody() {
        App app = newApp();
        AtomicInteger calls = new AtomicInteger();
        app.get("/page", req -> {
            calls.incrementAndGet();
            return "hello, world; method was " + req.method();
        });
        var client = serve(app);

        ClientResponse get = client.get("/page");
        ClientResponse head = client.send(ClientRequest.head("/page"));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(calls).as("the GET handler ran for both").hasValue(2);
    }

    @Test
    void headAnswerCarriesTheContentLengthTheGetWouldHave() {
        assumeOverHttp();
        App app = newApp();
        app.get("/page", req -> "twelve bytes");
        var client = serve(app);

        ClientResponse get = client.get("/page");
        ClientResponse head = client.send(ClientRequest.head("/page"));

        assertThat(get.header("Content-Length")).isEqualTo("12");
        assertThat(head.header("Content-Length")).isEqualTo("12");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void explicitHeadRouteBeatsTheGetFallback() {
        App app = newApp();
        app.get("/r", req -> "from get");
        app.route(HttpMethod.HEAD, "/r", req -> Response.text("").header("X-From", "head"));
        var client = serve(app);

        assertThat(client.send(ClientRequest.head("/r")).header("X-From")).isEqualTo("head");
    }

    @Test
    void optionsIsAnsweredAutomaticallyWith204AndAllow() {
        App app = newApp();
        app.get("/r", req -> "got");
        app.post("/r", req -> "posted");
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.options("/r"));
        assertThat(res.status()).isEqualTo(204);
        assertThat(res.headers("Allow")).containsExactly("GET, HEAD, POST, OPTIONS");
        assertThat(res.body()).isEmpty();
        assertThat(client.send(ClientRequest.options("/nothing-here")).status()).isEqualTo(404);
    }

    @Test
    void theAutomaticOptionsAnswerPassesThroughMiddlewareSoACorsLayerCanDecorateIt() {
        App app = newApp();
        app.put("/r", req -> "put");
        app.useAsync((req, next) -> next.proceed().thenApply(res -> res.header("Access-Control-Allow-Origin", "*")));
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.options("/r"));
        assertThat(res.status()).isEqualTo(204);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(res.headers("Allow")).containsExactly("PUT, OPTIONS");
    }

    @Test
    void explicitOptionsRouteBeatsTheAutomaticAnswer() {
        App app = newApp();
        app.get("/r", req -> "got");
        app.route(HttpMethod.OPTIONS, "/r", req -> Response.text("custom").header("X-Custom", "yes"));
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.options("/r"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("X-Custom")).isEqualTo("yes");
    }

    @Test
    void groupsPrefixTheirRoutesAndNestWithTheirMiddleware() {
        App app = newApp();
        app.group("/api/", api -> {
            api.use((req, next) -> next.proceed().addHeader("X-Trail", "api"));
            api.get("/", req -> "api root");
            api.get("/x", req -> "x");
            api.group("/v1", v1 -> {
                v1.useAsync((req, next) -> next.proceed().thenApply(res -> res.addHeader("X-Trail", "v1")));
                v1.get("/y", req -> "y");
            });
            api.get("/z", req -> "z");
        });
        app.get("/outside", req -> "outside");
        var client = serve(app);

        ClientResponse root = client.get("/api");
        assertThat(root.text()).isEqualTo("api root");
        assertThat(root.headers("X-Trail")).containsExactly("api");
        assertThat(client.get("/api/x").headers("X-Trail")).containsExactly("api");
        ClientResponse y = client.get("/api/v1/y");
        assertThat(y.text()).isEqualTo("y");
        assertThat(y.headers("X-Trail")).as("inner middleware sees the response first").containsExactly("v1", "api");
        assertThat(client.get("/api/z").headers("X-Trail")).as("the nested group's middleware stays inside it")
                .containsExactly("api");
        assertThat(client.get("/outside").headers("X-Trail")).isEmpty();
        assertThat(client.get("/y").status()).isEqualTo(404);
        assertThat(client.get("/v1/y").status()).isEqualTo(404);
    }

    @Test
    void duplicateRouteFailsAtRegistration() {
        App app = newApp();
        app.get("/a/{id}", req -> "first");

        assertThatThrownBy(() -> app.get("/a/{id}", req -> "second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate route")
                .hasMessageContaining("GET /a/{id}");
        app.post("/a/{id}", req -> "another method is fine");
    }

    @Test
    void sameShapeUnderAnotherParameterNameFailsAtRegistration() {
        App app = newApp();
        app.get("/a/{id}", req -> "first");

        assertThatThrownBy(() -> app.put("/a/{key}", req -> "second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/a/{key}");
    }

    @Test
    void malformedPatternsFailAtRegistration() {
        App app = newApp();

        assertThatThrownBy(() -> app.get("no-slash", req -> "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> app.get("/x/{id:float}", req -> "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("float");
        assertThatThrownBy(() -> app.get("/x/{rest:*}/more", req -> "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last segment");
        assertThatThrownBy(() -> app.get("/x/pre{id}", req -> "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole segment");
    }

    @Test
    void routesCannotBeAddedOnceServing() {
        App app = newApp();
        app.get("/a", req -> "a");
        serve(app);

        assertThatThrownBy(() -> app.get("/b", req -> "b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void queryParametersAreDecodedAndMayRepeat() {
        App app = newApp();
        app.get("/q", req -> Map.of(
                "params", req.queryParams(),
                "first", String.valueOf(req.query("tag")),
                "missing", String.valueOf(req.query("missing")),
                "raw", req.rawQuery()));
        var client = serve(app);

        Map<String, Object> res = client.get("/q?tag=a&tag=b&name=J%C3%B6rg+M&sum=1%2B1&empty=&flag").jsonMap();
        assertThat(res.get("params")).isEqualTo(Map.of(
                "tag", List.of("a", "b"),
                "name", List.of("Jörg M"),
                "sum", List.of("1+1"),
                "empty", List.of(""),
                "flag", List.of("")));
        assertThat(res).containsEntry("first", "a").containsEntry("missing", "null")
                .containsEntry("raw", "tag=a&tag=b&name=J%C3%B6rg+M&sum=1%2B1&empty=&flag");
    }

    @Test
    void queryStringDoesNotTakePartInRouting() {
        App app = newApp();
        app.get("/search", req -> "search " + req.query("q"));
        var client = serve(app);

        assertThat(client.get("/search?q=/users/1").text()).isEqualTo("search /users/1");
    }

    @Test
    void malformedQueryEncodingIs400NotA500() {
        App app = newApp();
        app.get("/q", req -> String.valueOf(req.query("a")));
        var client = serve(app);

        assertThat(client.get("/q?a=%E").status()).isEqualTo(400);
    }

    @Test
    void unknownMethodIs501() {
        App app = newApp();
        app.get("/r", req -> "got");
        var client = serve(app);

        assertThat(client.send(ClientRequest.of("BREW", "/r")).status()).isEqualTo(501);
        assertThat(client.send(ClientRequest.of("get", "/r")).status()).as("methods are case-sensitive").isEqualTo(501);
    }

    @Test
    void asyncAndBlockingRoutesShareOneRoutingTable() {
        App app = newApp();
        app.getAsync("/r/{id:int}", req -> CompletableFuture.completedFuture("async " + req.pathInt("id")));
        app.post("/r/{id:int}", req -> "blocking " + req.pathInt("id"));
        var client = serve(app);

        assertThat(client.get("/r/1").text()).isEqualTo("async 1");
        assertThat(client.send(ClientRequest.post("/r/2")).text()).isEqualTo("blocking 2");
        assertThat(app.routes()).extracting(r -> r.isAsync()).containsExactly(true, false);
    }
}
