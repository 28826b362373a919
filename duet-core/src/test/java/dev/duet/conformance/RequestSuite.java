package dev.duet.conformance;

import dev.duet.App;
import dev.duet.Cookie;
import dev.duet.Request;
import dev.duet.Response;
import dev.duet.Task;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a handler can read from a request, and the request's identity across links and threads. */
public abstract class RequestSuite extends ConformanceSuite {

    protected RequestSuite(Harness harness) {
        super(harness);
    }

    public record Person(String name, int age) {
    }

    @Test
    void headersAreReadCaseInsensitively() {
        App app = newApp();
        app.get("/h", req -> req.header("x-custom") + "|" + req.headers().contains("X-CUSTOM") + "|" + req.header("X-Absent"));
        var client = serve(app);

        assertThat(client.send(ClientRequest.get("/h").header("X-Custom", "v 1")).text()).isEqualTo("v 1|true|null");
    }

    @Test
    void methodPathQueryAndRouteAreAsSent() {
        App app = newApp();
        app.post("/users/{id:int}", req -> List.of(req.method().name(), req.path(), req.rawQuery(), req.route()));
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/users/7?x=1%202")).json())
                .isEqualTo(List.of("POST", "/users/7", "x=1%202", "/users/{id:int}"));
    }

    @Test
    void requestCookiesAreParsed() {
        App app = newApp();
        app.get("/c", req -> Map.of("all", req.cookies(), "a", req.cookie("a"), "missing", String.valueOf(req.cookie("zz"))));
        var client = serve(app);

        Map<String, Object> res = client.send(ClientRequest.get("/c").header("Cookie", "a=1; b=\"two\"; c=x=y")).jsonMap();
        assertThat(res.get("all")).isEqualTo(Map.of("a", "1", "b", "two", "c", "x=y"));
        assertThat(res).containsEntry("a", "1").containsEntry("missing", "null");
    }

    @Test
    void responseCookiesAreSentWithTheirAttributes() {
        App app = newApp();
        app.get("/c", req -> Response.text("ok")
                .cookie(Cookie.of("theme", "dark"))
                .cookie(Cookie.of("sid", "abc123").path("/app").domain("example.com").maxAge(Duration.ofDays(1))
                        .secure(true).sameSite(Cookie.SameSite.STRICT))
                .cookie(Cookie.expired("old")));
        var client = serve(app);

        assertThat(client.get("/c").headers("Set-Cookie")).containsExactlyInAnyOrder(
                "theme=dark; Path=/; HttpOnly; SameSite=Lax",
                "sid=abc123; Path=/app; Domain=example.com; Max-Age=86400; Secure; HttpOnly; SameSite=Strict",
                "old=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @Test
    void urlEncodedFormFieldsAreDecoded() {
        App app = newApp();
        app.post("/form", req -> Map.of("fields", req.formParams(), "name", req.form("name")));
        var client = serve(app);

        Map<String, Object> res = client.send(ClientRequest.post("/form")
                .body("name=J%C3%B6rg+M&tag=a&tag=b&eq=1%3D1", "application/x-www-form-urlencoded; charset=UTF-8")).jsonMap();
        assertThat(res.get("fields")).isEqualTo(Map.of("name", List.of("Jörg M"), "tag", List.of("a", "b"), "eq", List.of("1=1")));
        assertThat(res).containsEntry("name", "Jörg M");
    }

    @Test
    void formFieldsOfAnotherContentTypeAreEmpty() {
        App app = newApp();
        app.post("/form", req -> req.formParams().size() + " " + req.form("a"));
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/form").body("a=1", "text/plain")).text()).isEqualTo("0 null");
        assertThat(client.send(ClientRequest.post("/form").form(Map.of("a", "1"))).text()).isEqualTo("1 1");
    }

    @Test
    void rawBodyArrivesByteForByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) i;
        App app = newApp();
        app.post("/echo", req -> req.body());
        app.post("/text", req -> req.bodyText());
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/echo").body(bytes, "application/octet-stream")).body()).isEqualTo(bytes);
        assertThat(client.send(ClientRequest.post("/text").body("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1),
                "text/plain; charset=ISO-8859-1")).text()).as("decoded with the declared charset").isEqualTo("café");
        assertThat(client.send(ClientRequest.post("/echo")).body()).as("no body").isEmpty();
    }

    @Test
    void jsonBodyIsReadIntoARecord() {
        App app = newApp();
        app.post("/people", req -> {
            Person p = req.json(Person.class);
            return new Person(p.name().toUpperCase(), p.age() + 1);
        });
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/people").json(new Person("Ada", 36))).json(Person.class))
                .isEqualTo(new Person("ADA", 37));
        assertThat(client.send(ClientRequest.post("/people")
                .body("{\"name\":\"Bo\",\"age\":1}", "application/json; charset=utf-8")).json(Person.class))
                .isEqualTo(new Person("BO", 2));
    }

    public record Stamps(Instant whole, Instant micros, OffsetDateTime offset, LocalDateTime local, LocalTime time,
                         LocalDate day) {
    }

    @Test
    void dateTimesAreWrittenWithExactlyThreeFractionDigits() {
        App app = newApp();
        app.get("/stamps", req -> new Stamps(Instant.parse("2026-01-02T03:04:05Z"), Instant.parse("2026-01-02T03:04:05.123999Z"),
                OffsetDateTime.parse("2026-01-02T03:04:05.6+01:00"), LocalDateTime.parse("2026-01-02T03:04:05.6"),
                LocalTime.parse("03:04"), LocalDate.parse("2026-01-02")));
        var client = serve(app);

        assertThat(client.get("/stamps").text()).isEqualTo("{\"whole\":\"2026-01-02T03:04:05.000Z\","
                + "\"micros\":\"2026-01-02T03:04:05.123Z\",\"offset\":\"2026-01-02T03:04:05.600+01:00\","
                + "\"local\":\"2026-01-02T03:04:05.600\",\"time\":\"03:04:00.000\",\"day\":\"2026-01-02\"}");
    }

    @Test
    void dateTimesAreReadInAnyIsoForm() {
        App app = newApp();
        app.post("/stamps", req -> req.json(Stamps.class));
        var client = serve(app);

        String sent = "{\"whole\":\"2026-01-02T04:04:05+01:00\",\"micros\":\"2026-01-02T03:04:05.1239Z\","
                + "\"offset\":\"2026-01-02T03:04:05Z\",\"local\":\"2026-01-02T03:04\",\"time\":\"03:04:05.6\"}";
        assertThat(client.send(ClientRequest.post("/stamps").body(sent, "application/json")).text())
                .isEqualTo("{\"whole\":\"2026-01-02T03:04:05.000Z\",\"micros\":\"2026-01-02T03:04:05.123Z\","
                        + "\"offset\":\"2026-01-02T03:04:05.000Z\",\"local\":\"2026-01-02T03:04:00.000\","
                        + "\"time\":\"03:04:05.600\",\"day\":null}");
    }

    public record Profile(String username, String bio, Optional<String> image, boolean isAdmin, Map<String, Object> extra) {
    }

    @Test
    void recordsAreWrittenByComponentNameInOrderWithNullsKept() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("nothing", null);
        App app = newApp();
        app.get("/profile", req -> new Profile("ada", null, Optional.empty(), true, extra));
        var client = serve(app);

        assertThat(client.get("/profile").text())
                .isEqualTo("{\"username\":\"ada\",\"bio\":null,\"image\":null,\"isAdmin\":true,\"extra\":{\"nothing\":null}}");
    }

    @Test
    void malformedJsonIs400SayingWhereAndWhatWithoutJacksonsWords() {
        App app = newApp();
        app.post("/people", req -> req.json(Person.class));
        var client = serve(app);

        Map<String, String> expected = Map.of(
                "{\"name\":", "at line 1, column 9: unexpected end of input",
                "{\"name\": \"Ada\",\n \"age\" 3}", "at line 2, column 8: unexpected character '3', expected ':' after the field name",
                "{\"name\": \"Ada\",}", "at line 1, column 16: unexpected character '}', expected a field name in double quotes",
                "{\"name\": Ada}", "at line 1, column 10: unexpected 'Ada', expected a string, number, object, array, true, false or null",
                "{\"name\": \"Ada\", \"age\": 3} {}", "at line 1, column 27: unexpected content after the JSON value");
        expected.forEach((body, problem) -> {
            ClientResponse res = client.send(ClientRequest.post("/people").body(body, "application/json").accept("application/json"));
            assertThat(res.status()).as(body).isEqualTo(400);
            assertThat(res.jsonMap().get("error")).as(body).isEqualTo("Malformed JSON in the request body " + problem);
        });
    }

    public record Author(Person person, List<Integer> scores, Role role) {
    }

    public enum Role { READER, WRITER }

    @Test
    void jsonThatDoesNotFitNamesTheFieldAndWhatItMustBe() {
        App app = newApp();
        app.post("/people", req -> req.json(Person.class));
        app.post("/authors", req -> req.json(Author.class));
        var client = serve(app);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/people {\"name\": \"Ada\", \"age\": \"x\"}", "Field 'age' must be a number, got \"x\"");
        expected.put("/people {\"name\": \"Ada\", \"age\": 36.5}", "Field 'age' must be a whole number, got 36.5");
        expected.put("/people {\"name\": \"Ada\", \"age\": 3000000000}", "Field 'age' must be a number from -2147483648 to 2147483647, got 3000000000");
        expected.put("/people {\"name\": \"Ada\", \"age\": null}", "Field 'age' must be a number, got null");
        expected.put("/people {\"name\": {\"first\": \"Ada\"}}", "Field 'name' must be a string, got an object");
        expected.put("/people [\"Ada\", 36]", "The request body must be an object, got an array");
        expected.put("/authors {\"person\": {\"age\": true}}", "Field 'person.age' must be a number, got true");
        expected.put("/authors {\"scores\": [1, \"two\"]}", "Field 'scores[1]' must be a number, got \"two\"");
        expected.put("/authors {\"role\": \"admin\"}", "Field 'role' must be one of \"READER\", \"WRITER\", got \"admin\"");
        expected.forEach((request, message) -> {
            String[] parts = request.split(" ", 2);
            ClientResponse res = client.send(ClientRequest.post(parts[0]).body(parts[1], "application/json").accept("application/json"));
            assertThat(res.status()).as(request).isEqualTo(400);
            assertThat(res.jsonMap().get("error")).as(request).isEqualTo(message);
        });
    }

    public record Adult(String name, int age) {
        public Adult {
            if (age < 18) throw new IllegalArgumentException("age must be 18 or more, got " + age);
        }
    }

    @Test
    void aRecordThatRefusesItsValuesIs400WithItsReason() {
        App app = newApp();
        app.post("/adults", req -> req.json(Adult.class));
        var client = serve(app);

        ClientResponse res = client.send(ClientRequest.post("/adults").json(Map.of("name", "Bo", "age", 9)).accept("application/json"));
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.jsonMap().get("error")).isEqualTo("The request body is invalid: age must be 18 or more, got 9");
    }

    public interface Shape {
    }

    @Test
    void aTypeJacksonCannotReadIsTheAppsBugNotTheClients() {
        App app = newApp();
        app.post("/shapes", req -> req.json(Shape.class));
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/shapes").body("{}", "application/json")).status()).isEqualTo(500);
    }

    @Test
    void queryIntNamesTheParameterWhenItIsNotANumber() {
        App app = newApp();
        app.get("/page", req -> "page " + req.queryInt("n", 1));
        var client = serve(app);

        assertThat(client.get("/page").text()).isEqualTo("page 1");
        assertThat(client.get("/page?n=3").text()).isEqualTo("page 3");
        ClientResponse bad = client.send(ClientRequest.get("/page?n=three").accept("application/json"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.jsonMap().get("error").toString()).contains("'n'").contains("three");
    }

    @Test
    void clientIpIsThePeerWhenNoProxyIsTrusted() {
        App app = newApp();
        app.get("/ip", req -> req.clientIp());
        var client = serve(app);

        assertThat(client.get("/ip").text()).isEqualTo("127.0.0.1");
        assertThat(client.send(ClientRequest.get("/ip").header("X-Forwarded-For", "203.0.113.7")).text())
                .as("a client cannot claim another address").isEqualTo("127.0.0.1");
    }

    @Test
    void clientIpComesFromXForwardedForThroughTrustedProxies() {
        App app = newApp(c -> c.trustedProxies(List.of("127.0.0.1", "10.0.0.0/8")));
        app.get("/ip", req -> req.clientIp());
        var client = serve(app);

        assertThat(client.send(ClientRequest.get("/ip").header("X-Forwarded-For", "203.0.113.7")).text())
                .isEqualTo("203.0.113.7");
        assertThat(client.send(ClientRequest.get("/ip").header("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.1.2.3")).text())
                .as("the last hop that is not a trusted proxy").isEqualTo("203.0.113.7");
        assertThat(client.get("/ip").text()).as("no header").isEqualTo("127.0.0.1");
    }

    @Test
    void requestIdIsGeneratedUniqueAndEchoed() {
        App app = newApp();
        app.get("/id", req -> req.id());
        var client = serve(app);

        ClientResponse first = client.get("/id");
        ClientResponse second = client.get("/id");
        assertThat(first.text()).isNotBlank().isEqualTo(first.header("X-Request-Id"));
        assertThat(second.text()).isEqualTo(second.header("X-Request-Id")).isNotEqualTo(first.text());
    }

    @Test
    void safeIncomingRequestIdIsReusedAndAnUnsafeOneReplaced() {
        App app = newApp();
        app.get("/id", req -> req.id());
        var client = serve(app);

        ClientResponse reused = client.send(ClientRequest.get("/id").header("X-Request-Id", "edge-42.a:b_c"));
        assertThat(reused.text()).isEqualTo("edge-42.a:b_c");
        assertThat(reused.header("X-Request-Id")).isEqualTo("edge-42.a:b_c");

        for (String unsafe : List.of("<script>alert(1)</script>", "a b", "x".repeat(129), "id%e9")) {
            ClientResponse replaced = client.send(ClientRequest.get("/id").header("X-Request-Id", unsafe));
            assertThat(replaced.text()).as(unsafe).isNotEqualTo(unsafe).isNotBlank()
                    .isEqualTo(replaced.header("X-Request-Id"));
        }
    }

    @Test
    void requestCurrentIsTheRequestInEveryLinkAndToolkitTask() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        CountDownLatch backgroundRan = new CountDownLatch(1);
        App app = newApp();
        app.use((req, next) -> {
            seen.put("blocking middleware", Request.current().id());
            return next.proceed();
        });
        app.useAsync((req, next) -> {
            seen.put("async middleware", Request.current().id());
            return next.proceed();
        });
        app.before(req -> seen.put("before", Request.current().id()));
        app.get("/r", req -> {
            seen.put("handler", Request.current().id());
            seen.put("handler MDC", String.valueOf(MDC.get("requestId")));
            seen.put("offload", req.tasks().await(req.tasks().offload(() -> Request.current().id())));
            seen.put("cpu", req.tasks().await(req.tasks().cpu(() -> Request.current().id())));
            var both = req.tasks().parallel(
                    Task.blocking(() -> Request.current().id()),
                    Task.async(() -> CompletableFuture.completedFuture(Request.current().id())));
            seen.put("parallel blocking", both.first());
            seen.put("parallel async", both.second());
            req.tasks().background(() -> {
                seen.put("background", Request.current().id());
                backgroundRan.countDown();
            });
            return "ok";
        });
        app.afterAsync((req, res) -> {
            seen.put("async after", Request.current().id());
            return CompletableFuture.completedFuture(null);
        });
        app.teardown((req, e) -> seen.put("teardown", Request.current().id()));
        var client = serve(app);

        String id = client.get("/r").header("X-Request-Id");
        assertThat(backgroundRan.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsOnlyKeys("blocking middleware", "async middleware", "before", "handler", "handler MDC",
                "offload", "cpu", "parallel blocking", "parallel async", "background", "async after", "teardown");
        assertThat(new ArrayList<>(seen.values())).containsOnly(id);
    }

    @Test
    void requestCurrentFailsOutsideARequest() {
        assertThat(Request.currentOrNull()).isNull();
        assertThatThrownBy(Request::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no current request");
    }

    @Test
    void linksPassAttributesToLaterLinks() {
        App app = newApp();
        app.use((req, next) -> {
            req.attribute("user", "ada");
            return next.proceed();
        });
        app.beforeAsync(req -> {
            req.attribute("seen", new ArrayList<>(List.of("before:" + req.attribute("user"))));
            return CompletableFuture.completedFuture(null);
        });
        app.get("/r", req -> {
            List<String> seen = req.attribute("seen");
            seen.add("handler:" + req.attribute("user"));
            req.attribute("user", null);
            return "ok";
        });
        app.after((req, res) -> {
            List<String> seen = req.attribute("seen");
            res.header("X-Seen", String.join(",", seen) + ",after:" + req.attribute("user"));
        });
        var client = serve(app);

        assertThat(client.get("/r").header("X-Seen")).isEqualTo("before:ada,handler:ada,after:null");
    }

    @Test
    void bodiesOverTheLimitAre413() {
        App app = newApp(c -> c.maxBodySize(16));
        app.post("/echo", req -> req.body());
        var client = serve(app);

        assertThat(client.send(ClientRequest.post("/echo").body("sixteen bytes...", "text/plain")).text())
                .isEqualTo("sixteen bytes...");
        assertThat(client.send(ClientRequest.post("/echo").body("seventeen bytes..", "text/plain")).status())
                .isEqualTo(413);
    }
}
