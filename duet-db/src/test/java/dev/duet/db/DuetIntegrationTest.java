package dev.duet.db;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.Request;
import dev.duet.db.model.User;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** duet-db inside a Duet app: the Flask + Tortoise seed's routes, error mapping, and request context in async twins. */
class DuetIntegrationTest {
    private TestDatabases.Isolated iso;
    private Database db;
    private App app;
    private TestClient client;

    record NewUser(String name, String email) {
    }

    @BeforeEach
    void start() {
        iso = TestDatabases.sqlite();
        db = Database.connect(iso.url());
        db.createTables(User.class);
        Table<User> users = db.table(User.class);
        app = App.create(Config.defaults());
        DuetDb.install(app, db);
        app.post("/add-user", req -> {
            NewUser in = req.json(NewUser.class);
            User u = users.create(new User(null, in.name(), in.email()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", "User created");
            body.put("user", u);
            return body;
        });
        app.postAsync("/add-user-async", req -> {
            NewUser in = req.json(NewUser.class);
            return users.createAsync(new User(null, in.name(), in.email()));
        });
        app.getAsync("/user/{id:long}", req -> users.findAsync(req.pathLong("id"))
                .thenApply(u -> u.orElseThrow(() -> HttpError.notFound("User not found"))));
        app.get("/strict/{id:long}", req -> users.get(req.pathLong("id")));
        app.getAsync("/users", req -> users.query().valuesAsync("id", "name", "email"));
        app.getAsync("/whoami", req -> db.async(() -> {
            Request r = Request.currentOrNull();
            return Map.of("requestId", r == null ? "none" : r.id(), "virtual", Thread.currentThread().isVirtual());
        }));
        client = TestClient.of(app);
    }

    @AfterEach
    void stop() {
        client.close();
        app.stop();
        iso.drop();
    }

    private TestResponse postJson(String uri, Object body) {
        return client.send(TestRequest.post(uri).json(body).header("Accept", "application/json"));
    }

    @Test
    void theTortoiseSeedRoutes() {
        TestResponse created = postJson("/add-user", Map.of("name", "Geek", "email", "geeks@gfg.org"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.jsonMap()).containsEntry("message", "User created");
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) created.jsonMap().get("user");
        assertThat(user).containsEntry("name", "Geek").containsEntry("email", "geeks@gfg.org").containsKey("id");
        Number id = (Number) user.get("id");
        assertThat(client.get("/user/" + id).jsonMap()).containsEntry("email", "geeks@gfg.org");
        assertThat(client.get("/users").text()).contains("geeks@gfg.org");
        TestResponse missing = client.send(TestRequest.get("/user/999").header("Accept", "application/json"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.jsonMap()).containsEntry("error", "User not found");
    }

    @Test
    void databaseErrorsBecomeHttpErrors() {
        postJson("/add-user", Map.of("name", "Geek", "email", "geeks@gfg.org"));
        TestResponse dup = postJson("/add-user", Map.of("name", "Other", "email", "geeks@gfg.org"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.jsonMap()).containsEntry("error", "A User with this email already exists");
        TestResponse dupAsync = postJson("/add-user-async", Map.of("name", "Other", "email", "geeks@gfg.org"));
        assertThat(dupAsync.status()).isEqualTo(409);
        Map<String, Object> noName = new LinkedHashMap<>();
        noName.put("email", "x@y.z");
        TestResponse missing = postJson("/add-user", noName);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.jsonMap().get("error")).isEqualTo("Field 'name' of User is required (it was null)");
        TestResponse notFound = client.send(TestRequest.get("/strict/4242").header("Accept", "text/html"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.text()).contains("User 4242 not found");
        TestResponse tooLong = postJson("/add-user", Map.of("name", "x".repeat(60), "email", "long@y.z"));
        assertThat(tooLong.status()).isEqualTo(400);
    }

    @Test
    void asyncTwinsSeeTheRequest() {
        TestResponse r = client.get("/whoami");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.jsonMap()).containsEntry("requestId", r.header("X-Request-Id")).containsEntry("virtual", true);
    }
}
