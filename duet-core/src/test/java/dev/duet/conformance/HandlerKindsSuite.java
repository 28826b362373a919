package dev.duet.conformance;

import dev.duet.App;
import dev.duet.HttpError;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.spi.EventLoopThread;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a handler may be (blocking, async, a controller method) and how its return value becomes a response. */
public abstract class HandlerKindsSuite extends ConformanceSuite {

    protected HandlerKindsSuite(Harness harness) {
        super(harness);
    }

    public record Person(String name, int age) {
    }

    /** Where the calling code runs, as a handler reports it. */
    static String where() {
        return (EventLoopThread.isCurrent() ? "event-loop" : "not-event-loop")
                + "," + (Thread.currentThread().isVirtual() ? "virtual" : "platform");
    }

    @Test
    void blockingLambdaAnswersAndNeverRunsOnTheEventLoop() {
        App app = newApp();
        app.get("/b", req -> where());
        var client = serve(app);

        assertThat(client.get("/b").text()).startsWith("not-event-loop");
    }

    @Test
    void asyncLambdaAnswersWithWhatItsStageCompletesWith() {
        App app = newApp();
        app.getAsync("/a", req -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> "later"));
        var client = serve(app);

        assertThat(client.get("/a").text()).isEqualTo("later");
        assertThat(app.routes().getFirst().isAsync()).isTrue();
    }

    @Test
    void asyncLambdaRunsOnTheEventLoop() {
        assumeEventLoop();
        App app = newApp();
        app.getAsync("/a", req -> CompletableFuture.completedFuture(where()));
        var client = serve(app);

        assertThat(client.get("/a").text()).isEqualTo("event-loop,platform");
    }

    /** A page controller: blocking or async by each method's declared return type. */
    public static final class UsersPage {
        public List<Person> get(Request req) {
            return List.of(new Person("Ada", 36), new Person(where(), 0));
        }

        public CompletionStage<Person> post(Request req) {
            Person p = req.json(Person.class);
            return CompletableFuture.completedFuture(new Person(p.name() + " @ " + where(), p.age() + 1));
        }

        public CompletableFuture<String> delete(Request req) {
            return CompletableFuture.completedFuture("deleted " + req.pathParam("id"));
        }

        public String put(Request req) {
            return "put " + req.pathParam("id") + " " + where();
        }

        /** Not an HTTP method name: not a route. */
        public String helper(Request req) {
            return "never";
        }
    }

    @Test
    void controllerMethodsAreBlockingOrAsyncByTheirDeclaredReturnType() {
        App app = newApp();
        app.controller("/users/{id}", new UsersPage());
        var client = serve(app);

        Map<String, Boolean> asyncByMethod = new java.util.TreeMap<>();
        app.routes().forEach(r -> asyncByMethod.put(r.method().name(), r.isAsync()));
        assertThat(asyncByMethod).isEqualTo(Map.of("DELETE", true, "GET", false, "POST", true, "PUT", false));

        assertThat(client.get("/users/1").text()).contains("\"name\":\"Ada\"").contains("not-event-loop");
        assertThat(client.send(ClientRequest.put("/users/7")).text()).startsWith("put 7 not-event-loop");
        assertThat(client.send(ClientRequest.delete("/users/7")).text()).isEqualTo("deleted 7");
        Person created = client.send(ClientRequest.post("/users/1").json(new Person("Bo", 40))).json(Person.class);
        assertThat(created.age()).isEqualTo(41);
        if (harness.threading() == Harness.Threading.EVENT_LOOP) {
            assertThat(created.name()).isEqualTo("Bo @ event-loop,platform");
        }
    }

    @Test
    void controllerWithAWrongSignatureOrNoMethodsFailsAtRegistration() {
        App app = newApp();
        Object wrongParameter = new Object() {
            @SuppressWarnings("unused")
            public String get(String notARequest) {
                return "";
            }
        };
        assertThatThrownBy(() -> app.controller("/x", wrongParameter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must take exactly one parameter");
        assertThatThrownBy(() -> app.controller("/y", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no public get/post/put/patch/delete");
    }

    @Test
    void plainStringIsTextPlain() {
        App app = newApp();
        app.get("/t", req -> "héllo");
        var client = serve(app);

        ClientResponse res = client.get("/t");
        assertThat(res.header("Content-Type")).isEqualTo(contentType("text/plain; charset=utf-8"));
        assertThat(res.text()).isEqualTo("héllo");
    }

    @Test
    void stringStartingWithAnAngleBracketIsHtml() {
        App app = newApp();
        app.get("/h", req -> "  <p>hi</p>");
        var client = serve(app);

        ClientResponse res = client.get("/h");
        assertThat(res.header("Content-Type")).isEqualTo(contentType("text/html; charset=utf-8"));
        assertThat(res.text()).isEqualTo("  <p>hi</p>");
    }

    @Test
    void bytesAreSentAsIsAsOctetStream() {
        byte[] bytes = {0, 1, 2, (byte) 0xFF, 10, 13};
        App app = newApp();
        app.get("/bin", req -> bytes);
        var client = serve(app);

        ClientResponse res = client.get("/bin");
        assertThat(res.mediaType()).isEqualTo("application/octet-stream");
        assertThat(res.body()).isEqualTo(bytes);
    }

    @Test
    void recordsMapsAndListsAreJson() {
        App app = newApp();
        app.get("/record", req -> new Person("Ada", 36));
        app.get("/map", req -> Map.of("ok", true));
        app.get("/list", req -> List.of(1, 2, 3));
        var client = serve(app);

        ClientResponse record = client.get("/record");
        assertThat(record.mediaType()).isEqualTo("application/json");
        assertThat(record.json(Person.class)).isEqualTo(new Person("Ada", 36));
        assertThat(client.get("/map").jsonMap()).isEqualTo(Map.of("ok", true));
        assertThat(client.get("/list").mediaType()).isEqualTo("application/json");
        assertThat(client.get("/list").json()).isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void responseIsSentAsBuilt() {
        App app = newApp();
        app.post("/made", req -> Response.json(Map.of("id", 7)).status(201).header("Location", "/made/7"));
        app.get("/redirect", req -> Response.redirect("/elsewhere"));
        var client = serve(app);

        ClientResponse made = client.send(ClientRequest.post("/made"));
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.header("Location")).isEqualTo("/made/7");
        assertThat(made.jsonMap()).containsEntry("id", 7);
        ClientResponse redirect = client.get("/redirect");
        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.header("Location")).isEqualTo("/elsewhere");
    }

    @Test
    void nullIs204WithNoBody() {
        App app = newApp();
        app.get("/blocking", req -> null);
        app.getAsync("/async", req -> CompletableFuture.completedFuture(null));
        var client = serve(app);

        for (String uri : List.of("/blocking", "/async")) {
            ClientResponse res = client.get(uri);
            assertThat(res.status()).as(uri).isEqualTo(204);
            assertThat(res.body()).as(uri).isEmpty();
        }
    }

    @Test
    void emptyOptionalIs404AndAPresentOneIsItsValue() {
        App app = newApp();
        app.get("/empty", req -> Optional.empty());
        app.get("/present", req -> Optional.of(new Person("Ada", 36)));
        app.getAsync("/async-empty", req -> CompletableFuture.completedFuture(Optional.empty()));
        var client = serve(app);

        assertThat(client.get("/empty").status()).isEqualTo(404);
        assertThat(client.get("/async-empty").status()).isEqualTo(404);
        assertThat(client.get("/present").json(Person.class)).isEqualTo(new Person("Ada", 36));
    }

    @Test
    void asyncHandlerValuesAreMappedLikeBlockingOnes() {
        App app = newApp();
        app.getAsync("/record", req -> req.tasks().delay(Duration.ofMillis(5)).thenApply(x -> new Person("Ada", 36)));
        app.getAsync("/html", req -> CompletableFuture.completedFuture("<b>bold</b>"));
        app.getAsync("/response", req -> CompletableFuture.completedFuture(Response.text("made").status(202)));
        var client = serve(app);

        assertThat(client.get("/record").json(Person.class)).isEqualTo(new Person("Ada", 36));
        assertThat(client.get("/html").mediaType()).isEqualTo("text/html");
        assertThat(client.get("/response").status()).isEqualTo(202);
    }

    @Test
    void blockingHandlerReturningAStageStillWorks() {
        App app = newApp();
        app.get("/stage", req -> req.tasks().delay(Duration.ofMillis(20)).thenApply(x -> new Person("Late", 1)));
        var client = serve(app);

        assertThat(client.get("/stage").json(Person.class)).isEqualTo(new Person("Late", 1));
    }

    @Test
    void asyncHandlerFailuresBecomeResponses() {
        App app = newApp();
        app.getAsync("/failed-stage", req -> CompletableFuture.failedFuture(new HttpError(418, "teapot")));
        app.getAsync("/throws", req -> {
            throw new HttpError(409, "thrown before any stage");
        });
        app.getAsync("/later", req -> req.tasks().delay(Duration.ofMillis(5)).thenApply(x -> {
            throw new HttpError(422, "failed later");
        }));
        var client = serve(app);

        assertThat(client.get("/failed-stage").status()).isEqualTo(418);
        assertThat(client.get("/throws").status()).isEqualTo(409);
        assertThat(client.get("/later").status()).isEqualTo(422);
    }

    @Test
    void asyncHandlerReturningNullOrANestedStageIsABug500() {
        App app = newApp();
        app.getAsync("/null", req -> null);
        app.getAsync("/nested", req -> CompletableFuture.completedFuture(CompletableFuture.completedFuture("x")));
        var client = serve(app);

        assertThat(client.get("/null").status()).isEqualTo(500);
        assertThat(client.get("/nested").status()).isEqualTo(500);
    }

    @Test
    void everyHttpMethodHasBothSpellings() {
        App app = newApp();
        app.put("/r", req -> "put");
        app.patchAsync("/r", req -> CompletableFuture.completedFuture("patch"));
        app.deleteAsync("/r", req -> CompletableFuture.completedFuture("delete"));
        app.postAsync("/r", req -> CompletableFuture.completedFuture("post"));
        app.patch("/s", req -> "patch s");
        app.putAsync("/s", req -> CompletableFuture.completedFuture("put s"));
        var client = serve(app);

        assertThat(client.send(ClientRequest.put("/r")).text()).isEqualTo("put");
        assertThat(client.send(ClientRequest.of("PATCH", "/r")).text()).isEqualTo("patch");
        assertThat(client.send(ClientRequest.delete("/r")).text()).isEqualTo("delete");
        assertThat(client.send(ClientRequest.post("/r")).text()).isEqualTo("post");
        assertThat(client.send(ClientRequest.of("PATCH", "/s")).text()).isEqualTo("patch s");
        assertThat(client.send(ClientRequest.put("/s")).text()).isEqualTo("put s");
    }

    @Test
    void streamedBodyArrivesWholeAndIsWrittenOnAVirtualThread() {
        App app = newApp();
        app.getAsync("/stream", req -> CompletableFuture.completedFuture(Response.stream("text/plain", out -> {
            for (int i = 0; i < 3; i++) out.write(("part " + i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(("written on a virtual thread: " + Thread.currentThread().isVirtual()).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
        })));
        var client = serve(app);

        ClientResponse res = client.get("/stream");
        assertThat(res.mediaType()).isEqualTo("text/plain");
        assertThat(res.text()).isEqualTo("part 0\npart 1\npart 2\nwritten on a virtual thread: true");
    }
}
