package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.db.DbConfig;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flask + Tortoise tutorial's user API on the tour ({@code POST /add-user}, {@code GET /user/{id}},
 * {@code GET /users}) and the {@code /users} controller, run through the test client on each of the
 * three databases, as the tour runs when {@code DATABASE_URL} points there: a SQLite file,
 * PostgreSQL and MariaDB (the real servers), each test in a fresh database of its own. One subclass
 * per database: {@link TourUsersSqliteTest}, {@link TourUsersPostgresTest}, {@link TourUsersMariadbTest}.
 */
abstract class TourUsersSuite {
    /** {@code sqlite}, {@code postgresql} or {@code mariadb}. */
    abstract String database();

    private TourDatabases.Isolated iso;
    private App app;
    private TestClient client;

    @BeforeEach
    void start() {
        iso = TourDatabases.of(database());
        startApp();
    }

    /** The tour as {@code Tour.main} builds it, with {@code DATABASE_URL} set to this test's database. */
    private void startApp() {
        app = Tour.build(App.create(Config.defaults()), DbConfig.builder().url(iso.url()).build());
        client = TestClient.of(app);
    }

    private void stopApp() {
        client.close();
        app.stop(); // closes the tour's pool too
    }

    @AfterEach
    void stop() {
        stopApp();
        iso.close();
    }

    private TestResponse addUser(Object body) {
        return client.send(TestRequest.post("/add-user").json(body).header("Accept", "application/json"));
    }

    private static Map<String, Object> user(String name, String email) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("email", email);
        return m;
    }

    private long idOf(TestResponse created) {
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) created.jsonMap().get("user");
        return ((Number) user.get("id")).longValue();
    }

    @Test
    void addUserAnswersWithTheTutorialsShape() {
        TestResponse res = addUser(user("Geek", "geeks@gfg.org"));
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        assertThat(res.header("Content-Type")).startsWith("application/json");
        long id = idOf(res);
        assertThat(id).isPositive();
        assertThat(res.text()).isEqualTo("{\"message\":\"User created\",\"user\":{\"id\":" + id
                + ",\"name\":\"Geek\",\"email\":\"geeks@gfg.org\"}}");
        assertThat(res.header("Location")).isEqualTo("/user/" + id);
    }

    @Test
    void getUserAnswersTheUserOrExactlyTheTutorials404() {
        long id = idOf(addUser(user("Ada", "ada@example.com")));
        TestResponse found = client.get("/user/" + id);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.text()).isEqualTo("{\"id\":" + id + ",\"name\":\"Ada\",\"email\":\"ada@example.com\"}");

        for (TestRequest missing : List.of(TestRequest.get("/user/" + (id + 1000)),
                TestRequest.get("/user/424242").header("Accept", "text/html"))) {
            TestResponse res = client.send(missing);
            assertThat(res.status()).isEqualTo(404);
            assertThat(res.header("Content-Type")).startsWith("application/json");
            assertThat(res.text()).isEqualTo("{\"error\":\"User not found\"}");
        }
    }

    @Test
    void usersListsEveryUserAsIdNameAndEmail() {
        assertThat(client.get("/users").text()).isEqualTo("[]");
        List<Long> ids = new ArrayList<>();
        for (String name : List.of("Ada", "Grace", "Edsger")) {
            ids.add(idOf(addUser(user(name, name.toLowerCase() + "@example.com"))));
        }
        TestResponse res = client.get("/users");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("[{\"id\":" + ids.get(0) + ",\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                + "{\"id\":" + ids.get(1) + ",\"name\":\"Grace\",\"email\":\"grace@example.com\"},"
                + "{\"id\":" + ids.get(2) + ",\"name\":\"Edsger\",\"email\":\"edsger@example.com\"}]");
    }

    @Test
    void aTakenEmailIsAConflict() {
        assertThat(addUser(user("Ada", "ada@example.com")).status()).isEqualTo(201);
        for (String route : List.of("/add-user", "/users")) {
            TestResponse res = client.send(TestRequest.post(route).json(user("Another Ada", "ada@example.com"))
                    .header("Accept", "application/json"));
            assertThat(res.status()).as(route).isEqualTo(409);
            assertThat(res.jsonMap()).containsEntry("error", "A User with this email already exists");
        }
        assertThat(client.get("/users").text()).contains("\"Ada\"").doesNotContain("Another");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"email": "x@example.com"}                         | Field 'name' is required
            {"name": null, "email": "x@example.com"}           | Field 'name' is required
            {"name": "Ada"}                                    | Field 'email' is required
            {"username": "Geek", "email": "geeks@gfg.org"}     | Field 'name' is required
            {"name": 42, "email": "x@example.com"}             | Field 'name' must be a string
            {"name": ["Ada"], "email": "x@example.com"}        | Field 'name' must be a string
            {"name": "   ", "email": "x@example.com"}          | Field 'name' must not be empty
            {"name": "Ada", "email": ""}                       | Field 'email' must not be empty
            {"name": "Ada", "email": "ada.example.com"}        | Field 'email' must be an email address
            {"name": "Ada", "email": "ada@example"}            | Field 'email' must be an email address
            {"name": "Ada", "email": "a@b@example.com"}        | Field 'email' must be an email address
            ["Ada", "ada@example.com"]                         | Send a JSON object
            "Ada"                                              | Send a JSON object
            {"name": "Ada", "email":                           | Malformed JSON
            """)
    void missingOrInvalidFieldsAreABadRequest(String body, String message) {
        for (String route : List.of("/add-user", "/users")) {
            TestResponse res = client.send(TestRequest.post(route).body(body, "application/json"));
            assertThat(res.status()).as(route + " " + body + ": " + res).isEqualTo(400);
            assertThat(res.jsonMap().get("error").toString()).as(route + " " + body).contains(message);
        }
        assertThat(client.get("/users").text()).isEqualTo("[]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "email"})
    void tooLongFieldsAreABadRequest(String field) {
        Map<String, Object> body = user("Ada", "ada@example.com");
        int max = field.equals("name") ? Tour.MAX_NAME : Tour.MAX_EMAIL;
        body.put(field, field.equals("name") ? "x".repeat(max + 1) : "a".repeat(max - 11) + "@example.com");
        TestResponse res = addUser(body);
        assertThat(res.status()).isEqualTo(400);
        assertThat(res.jsonMap().get("error")).isEqualTo("Field '" + field + "' must be at most " + max + " characters");

        body.put(field, field.equals("name") ? "x".repeat(max) : "a".repeat(max - 12) + "@example.com");
        assertThat(addUser(body).status()).as("exactly the limit fits the column").isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        TestResponse res = client.post("/add-user", "name=Ada&email=ada@example.com", "application/x-www-form-urlencoded");
        assertThat(res.status()).isEqualTo(415);
    }

    @Test
    void usersOutliveTheApp() {
        long id = idOf(addUser(user("Ada", "ada@example.com")));
        stopApp();
        startApp(); // the same DATABASE_URL, as after a restart
        assertThat(client.get("/user/" + id).jsonMap()).containsEntry("email", "ada@example.com");
        assertThat(addUser(user("Ada again", "ada@example.com")).status()).isEqualTo(409);
        assertThat(idOf(addUser(user("Grace", "grace@example.com")))).isGreaterThan(id);
    }

    @Test
    void concurrentAddsAllLandAndOneEmailWinsOnce() throws Exception {
        List<CompletableFuture<TestResponse>> distinct = new ArrayList<>();
        List<CompletableFuture<TestResponse>> same = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            distinct.add(client.sendAsync(TestRequest.post("/add-user").json(user("u" + i, "u" + i + "@example.com"))));
            same.add(client.sendAsync(TestRequest.post("/add-user").json(user("same" + i, "same@example.com"))));
        }
        for (CompletableFuture<TestResponse> f : distinct) assertThat(f.get(1, TimeUnit.MINUTES).status()).isEqualTo(201);
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<TestResponse> f : same) statuses.add(f.get(1, TimeUnit.MINUTES).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(39);
        assertThat(client.get("/users").json(List.class)).hasSize(41);
    }

    /**
     * Posts the home page's form as a browser without Fetch Metadata would: with the CSRF cookie
     * the client keeps and the hidden field the page wrote, and no Sec-Fetch-Site or Origin.
     */
    private TestResponse postForm(String uri, String body) {
        String token = csrfFieldOfTheHomePage();
        return client.send(TestRequest.post(uri).body("_csrf=" + token + "&" + body, "application/x-www-form-urlencoded")
                .header("Accept", "text/html").header("Cookie", asAnOldBrowserSendsThem()));
    }

    /** The client's cookies in a Cookie header of the test's own, so that it adds no Sec-Fetch-Site: the token decides. */
    private String asAnOldBrowserSendsThem() {
        StringBuilder sb = new StringBuilder();
        client.cookies().forEach((name, value) -> sb.append(sb.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return sb.toString();
    }

    private String csrfFieldOfTheHomePage() {
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\">").matcher(client.get("/").text());
        assertThat(m.find()).as("the home page's form carries the CSRF token").isTrue();
        return m.group(1);
    }

    @Test
    void theHomePageFormWithoutItsCsrfTokenIsRefused() {
        csrfFieldOfTheHomePage(); // the client now holds the CSRF cookie, as a browser would
        TestResponse res = client.send(TestRequest.post("/profile").body("name=Eve&email=eve%40example.com",
                "application/x-www-form-urlencoded").header("Accept", "text/html").header("Cookie", asAnOldBrowserSendsThem()));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.header("X-CSRF-Failure")).isEqualTo("token-missing");
        assertThat(client.get("/users").json(List.class)).isEmpty();
    }

    @Test
    void theHomePageFormCreatesAUserAndRedirectsToItsAsyncProfilePage() {
        assertThat(client.get("/").text()).contains("No users yet").contains("<form method=\"post\" action=\"/profile\"");
        TestResponse created = postForm("/profile", "name=Ada+Lovelace&email=ada%40example.com");
        assertThat(created.status()).isEqualTo(303);
        assertThat(created.header("Location")).matches("/profile\\?id=\\d+");

        TestResponse profile = client.get(created.header("Location"));
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(profile.text()).contains("<h1 class=\"profile-name\">Ada Lovelace</h1>", "<dd>ada@example.com</dd>");

        String id = created.header("Location").substring("/profile?id=".length());
        assertThat(client.get("/").text()).contains("<a href=\"/profile?id=" + id + "\">Ada Lovelace</a>").doesNotContain("No users yet");
        assertThat(getJson("/user/" + id).jsonMap()).containsEntry("name", "Ada Lovelace");
    }

    @Test
    void anUnknownProfileIsA404PageSayingUserNotFound() {
        TestResponse res = client.get("/profile?id=424242");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.text()).contains("<h1>User not found</h1>", "no user with id 424242");
    }

    @Test
    void theFormRefusesATakenEmailAndBadFieldsSayingWhich() {
        assertThat(postForm("/profile", "name=Ada&email=ada%40example.com").status()).isEqualTo(303);
        TestResponse taken = postForm("/profile", "name=Other&email=ada%40example.com");
        assertThat(taken.status()).isEqualTo(409);
        TestResponse noEmail = postForm("/profile", "name=Ada");
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.text()).contains("Field &#39;email&#39; is required");
        TestResponse badEmail = postForm("/profile", "name=Ada&email=nope");
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.text()).contains("must be an email address");
        assertThat(postForm("/profile", "name=++&email=b%40example.com").status()).isEqualTo(400);
        assertThat(client.get("/users").json(List.class)).hasSize(1);
    }

    private TestResponse getJson(String uri) {
        return client.send(TestRequest.get(uri).header("Accept", "application/json"));
    }

    @Test
    void theIndexNamesTheDatabase() {
        String dialect = database().equals("mariadb") ? "mysql" : database();
        assertThat(client.get("/").text()).contains("<b>" + dialect + "</b> database");
    }

    @Test
    void theControllerAndTheBlockingLookupStillWork() {
        TestResponse created = client.send(TestRequest.post("/users").json(user("Grace", "grace@example.com"))
                .header("Accept", "application/json"));
        assertThat(created.status()).isEqualTo(201);
        Object id = created.jsonMap().get("id");
        assertThat(created.header("Location")).isEqualTo("/users/" + id);
        assertThat(client.get("/users/" + id).jsonMap()).isEqualTo(created.jsonMap());
        assertThat(client.get("/user/" + id).jsonMap()).isEqualTo(created.jsonMap());
        TestResponse missing = client.send(TestRequest.get("/users/987654").header("Accept", "application/json"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.jsonMap().get("error")).isEqualTo("User 987654 not found");
    }
}
