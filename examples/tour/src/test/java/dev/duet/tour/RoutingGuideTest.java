package dev.duet.tour;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.duet.App;
import dev.duet.Cookie;
import dev.duet.DuetJson;
import dev.duet.HttpError;
import dev.duet.Response;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/routing-and-requests.md, each registered and exercised through the test
 * client. {@link DocsExamplesTest#docsShowExactlyTheCodeTestedHere} holds the guide to exactly
 * this code.
 */
class RoutingGuideTest extends GuideTestBase {
    record User(long id, String name) {
    }

    record NewUser(String name) {
    }

    /** A blocking store, as JDBC code would be. */
    static final class Users {
        private final Map<Long, User> rows = new java.util.concurrent.ConcurrentHashMap<>(Map.of(1L, new User(1, "Ada")));

        Optional<User> find(long id) {
            return Optional.ofNullable(rows.get(id));
        }

        User create(String name) {
            User u = new User(rows.size() + 1, name);
            rows.put(u.id(), u);
            return u;
        }

        List<User> page(int page, int size) {
            return rows.values().stream().sorted((a, b) -> Long.compare(a.id(), b.id()))
                    .skip((long) (page - 1) * size).limit(size).toList();
        }

        User byToken(String token) {
            return "t-ada".equals(token) ? rows.get(1L) : null;
        }
    }

    static final class UnknownUser extends RuntimeException {
        UnknownUser(long id) {
            super("No user " + id);
        }
    }

    // snippet: json-types
    record Article(String slug, String title, String body, Instant createdAt, List<String> tagList) {
    }

    record NewArticle(String title, String body, List<String> tagList) {
        NewArticle {                                      // refusing a value here is a 400 with the reason
            if (title == null || title.isBlank()) throw new IllegalArgumentException("a title is needed");
            tagList = tagList == null ? List.of() : List.copyOf(tagList);
        }
    }
    // end snippet

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.6Z"), ZoneOffset.UTC);

    private static String slugOf(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private final Users users = new Users();
    @Test
    void patternsAndPrecedence() {
        App app = newApp();
        // snippet: routing-patterns
        app.get("/files/{path:*}", req -> "file " + req.pathParam("path"));    // catch-all: the rest of the path
        app.get("/users/{name}", req -> "user named " + req.pathParam("name")); // any one segment
        app.get("/users/{id:long}", req -> "user #" + req.pathLong("id"));      // only if it parses as a long
        app.get("/users/me", req -> "the current user");                        // static: always wins
        app.get("/orders/{ref:uuid}", req -> "order " + req.pathUuid("ref"));
        // end snippet
        TestClient c = client(app);
        assertThat(c.get("/users/me").text()).isEqualTo("the current user");
        assertThat(c.get("/users/42").text()).isEqualTo("user #42");
        assertThat(c.get("/users/ada").text()).isEqualTo("user named ada");
        assertThat(c.get("/files/css/site.css").text()).isEqualTo("file css/site.css");
        UUID ref = UUID.randomUUID();
        assertThat(c.get("/orders/" + ref).text()).isEqualTo("order " + ref);
        assertThat(c.get("/orders/not-a-uuid").status()).isEqualTo(404);
        TestResponse wrongMethod = c.send(TestRequest.post("/users/me"));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void readingARequest() {
        App app = newApp();
        // snippet: routing-reading
        app.get("/search", req -> Map.of(
                "q", req.query("q"),                          // null when absent
                "page", req.queryInt("page", 1),              // 400 if present and not a number
                "tags", req.queryParams().getOrDefault("tag", List.of()),
                "agent", String.valueOf(req.header("User-Agent")),
                "theme", String.valueOf(req.cookie("theme"))));
        app.post("/users", req -> {
            NewUser body = req.json(NewUser.class);           // 400 with a readable message if malformed
            return Response.json(users.create(body.name())).status(201);
        });
        app.post("/login", req -> "hello " + req.form("user")); // url-encoded form fields
        // end snippet
        TestClient c = client(app);
        TestResponse found = c.send(TestRequest.get("/search?q=duet&tag=java&tag=web")
                .header("User-Agent", "guide").header("Cookie", "theme=dark"));
        assertThat(found.jsonMap()).containsEntry("q", "duet").containsEntry("page", 1)
                .containsEntry("tags", List.of("java", "web")).containsEntry("agent", "guide").containsEntry("theme", "dark");
        assertThat(c.get("/search?page=two").status()).isEqualTo(400);
        TestResponse created = c.postJson("/users", Map.of("name", "Grace"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.jsonMap()).containsEntry("name", "Grace");
        assertThat(c.post("/users", "{\"name\":", "application/json").status()).isEqualTo(400);
        assertThat(c.send(TestRequest.post("/login").form(Map.of("user", "ada"))).text()).isEqualTo("hello ada");
    }

    @Test
    void middlewareHandsTheUserToTheHandler() {
        App app = newApp();
        // snippet: routing-attributes
        app.group("/account", account -> {
            account.use((req, next) -> {
                String auth = req.header("Authorization");
                User user = auth == null ? null : users.byToken(auth.replaceFirst("^Bearer ", ""));
                if (user == null) throw new HttpError(401, "Log in first");
                req.attribute("user", user);                  // seen by every later link of this request
                return next.proceed();
            });
            account.get("/me", req -> {
                User me = req.attribute("user");
                return me;
            });
        });
        // end snippet
        TestClient c = client(app);
        assertThat(c.get("/account/me").status()).isEqualTo(401);
        TestResponse me = c.send(TestRequest.get("/account/me").header("Authorization", "Bearer t-ada"));
        assertThat(me.jsonMap()).containsEntry("name", "Ada");
    }

    @Test
    void returnValuesAndStatuses() {
        App app = newApp();
        // snippet: routing-responses
        app.get("/hello", req -> "Hello");                             // text/plain (text/html if it starts with '<')
        app.get("/users/{id:long}", req -> users.find(req.pathLong("id"))); // JSON, or 404 when empty
        app.delete("/users/{id:long}", req -> null);                   // 204 No Content
        app.get("/old", req -> Response.redirect("/hello"));           // 303 See Other, with Location
        app.get("/theme", req -> Response.text("dark")
                .header("Cache-Control", "no-store")
                .cookie(Cookie.of("theme", "dark").maxAge(Duration.ofDays(365)).httpOnly(true)));
        app.post("/jobs", req -> Response.json(Map.of("queued", true)).status(202));
        // end snippet
        TestClient c = client(app);
        assertThat(c.get("/hello").text()).isEqualTo("Hello");
        assertThat(c.get("/users/1").jsonMap()).containsEntry("name", "Ada");
        assertThat(c.get("/users/9").status()).isEqualTo(404);
        assertThat(c.send(TestRequest.of("DELETE", "/users/1")).status()).isEqualTo(204);
        TestResponse old = c.get("/old");
        assertThat(old.status()).isEqualTo(303);
        assertThat(old.header("Location")).isEqualTo("/hello");
        TestResponse theme = c.get("/theme");
        assertThat(theme.header("Cache-Control")).isEqualTo("no-store");
        assertThat(theme.header("Set-Cookie")).startsWith("theme=dark").contains("HttpOnly");
        assertThat(c.send(TestRequest.post("/jobs")).status()).isEqualTo(202);
    }

    private void registerArticles(App app) {
        // snippet: json-routes
        app.post("/articles", req -> {
            NewArticle draft = req.json(NewArticle.class);    // 400 naming the field if the body does not fit
            Article saved = new Article(slugOf(draft.title()), draft.title(), draft.body(), clock.instant(), draft.tagList());
            return Response.json(saved).status(201);
        });
        // end snippet
    }

    @Test
    void jsonFollowsDuetsRules() {
        App app = newApp();
        registerArticles(app);
        TestClient c = client(app);
        TestResponse created = c.post("/articles", "{\"title\": \"Hello JSON\", \"tagList\": [\"intro\"]}", "application/json");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text()).isEqualTo(
                "{\"slug\":\"hello-json\",\"title\":\"Hello JSON\",\"body\":null,\"createdAt\":\"2026-01-02T03:04:05.600Z\",\"tagList\":[\"intro\"]}");
    }

    @Test
    void jsonThatCannotBeReadIsA400SayingWhy() {
        App app = newApp();
        registerArticles(app);
        TestClient c = client(app);
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        errors.put("{\"title\": \"Hi\",", "Malformed JSON in the request body at line 1, column 16: unexpected end of input");
        errors.put("{\"title\" \"Hi\"}", "Malformed JSON in the request body at line 1, column 10: unexpected character '\"', expected ':' after the field name");
        errors.put("{\"title\": \"Hi\", \"tagList\": \"intro\"}", "Field 'tagList' must be an array, got a string");
        errors.put("{\"title\": \"Hi\", \"tagList\": [1, {}]}", "Field 'tagList[1]' must be a string, got an object");
        errors.put("[\"Hi\"]", "The request body must be an object, got an array");
        errors.put("{\"body\": \"no title\"}", "The request body is invalid: a title is needed");
        errors.forEach((body, error) -> {
            TestResponse res = c.post("/articles", body, "application/json");
            assertThat(res.status()).as(body).isEqualTo(400);
            assertThat(res.jsonMap().get("error")).as(body).isEqualTo(error);
        });
        assertThat(c.post("/articles", "title=Hi", "application/x-www-form-urlencoded").status()).isEqualTo(415);
    }

    @Test
    void anAppChangesOneJsonRuleAndKeepsTheOthers() {
        App app = newApp();
        // snippet: json-mapper
        app.jsonMapper(DuetJson.builder()                     // Duet's rules, with nulls left out
                .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build());
        // end snippet
        registerArticles(app);
        assertThat(client(app).post("/articles", "{\"title\": \"No body\"}", "application/json").text())
                .isEqualTo("{\"slug\":\"no-body\",\"title\":\"No body\",\"createdAt\":\"2026-01-02T03:04:05.600Z\",\"tagList\":[]}");
    }

    @Test
    void exceptionsMapToResponses() {
        App app = newApp();
        // snippet: routing-errors
        app.get("/users/{id:long}", req -> {
            long id = req.pathLong("id");
            return users.find(id).orElseThrow(() -> new UnknownUser(id));
        });
        app.get("/admin", req -> {
            throw new HttpError(403, "Admins only");                     // Duet's own error page, 403
        });
        app.error(UnknownUser.class, (req, e) ->                        // by exception type
                Response.json(Map.of("error", e.getMessage())).status(404));
        app.error(404, (req, e) -> Response.html("<h1>Nothing here</h1>").status(404)); // by status
        // end snippet
        TestClient c = client(app);
        TestResponse unknown = c.get("/users/7");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.jsonMap()).containsEntry("error", "No user 7");
        assertThat(c.get("/admin").status()).isEqualTo(403);
        TestResponse noRoute = c.get("/nowhere");
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.text()).isEqualTo("<h1>Nothing here</h1>");
    }

    @Test
    void groupsAndRouteOptions() {
        App app = newApp();
        // snippet: routing-groups
        app.group("/api", api -> {
            api.use((req, next) -> next.proceed().header("X-Api-Version", "1"));  // for /api/** only
            api.get("/users", req -> users.page(req.queryInt("page", 1), 20));
            api.group("/admin", admin -> admin.getAsync("/stats", req -> stats())); // /api/admin/stats
        });
        app.get("/report", req -> slowReport()).timeout(Duration.ofMillis(200));   // 504 past 200 ms
        // end snippet
        TestClient c = client(app);
        TestResponse list = c.get("/api/users");
        assertThat(list.header("X-Api-Version")).isEqualTo("1");
        assertThat(list.text()).contains("Ada");
        TestResponse stats = c.get("/api/admin/stats");
        assertThat(stats.header("X-Api-Version")).isEqualTo("1");
        assertThat(stats.jsonMap()).containsEntry("users", 1);
        assertThat(c.get("/report").status()).isEqualTo(504);
    }

    @Test
    void hooksPerGroupAndRoute() {
        App app = newApp();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // snippet: routing-hooks
        app.before(req -> log.add("app"));                                      // every route
        app.group("/admin", admin -> {
            admin.before(req -> {                                               // /admin/** only
                if (!"admin".equals(req.header("X-Role"))) throw HttpError.forbidden("Admins only");
            });
            admin.after((req, res) -> res.header("Cache-Control", "no-store"));  // its answers, errors too
            admin.delete("/users/{id:long}", req -> null)
                 .before(req -> log.add("audit " + req.pathLong("id")));         // this route only
        });
        // end snippet
        TestClient c = client(app);
        TestResponse refused = c.send(TestRequest.of("DELETE", "/admin/users/7"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(log).containsExactly("app");
        TestResponse deleted = c.send(TestRequest.of("DELETE", "/admin/users/7").header("X-Role", "admin"));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(log).containsExactly("app", "app", "audit 7");
    }

    @Test
    void middlewareErrorsPassThroughOuterMiddleware() {
        App app = newApp();
        // snippet: routing-middleware-errors
        app.use((req, next) -> next.proceed().header("Access-Control-Allow-Origin", "*")); // sees every answer
        app.get("/me", req -> "me").use((req, next) -> {
            if (req.header("Authorization") == null) throw HttpError.unauthorized("Log in first");
            return next.proceed();
        });
        // end snippet
        TestClient c = client(app);
        TestResponse res = c.get("/me");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    private CompletionStage<Map<String, Integer>> stats() {
        return CompletableFuture.completedFuture(Map.of("users", 1));
    }

    private static String slowReport() throws InterruptedException {
        Thread.sleep(10_000);
        return "report";
    }
}
