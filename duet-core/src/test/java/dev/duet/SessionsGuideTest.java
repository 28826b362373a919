package dev.duet;

import dev.duet.conformance.DocSnippets;
import dev.duet.session.Flash;
import dev.duet.session.Session;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/sessions.md, each run through the test client (which keeps cookies like a
 * browser), and the check that the guide shows exactly this code (with duet-redis's
 * RedisDocsTest, which holds the Redis example). {@code SessionsSuite} holds every core to the
 * behaviour.
 */
class SessionsGuideTest {
    static final String KEY = "g".repeat(16) + "-guide-signing-key-0123456789";
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
    }

    private TestClient client(App app) {
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    /** A stand-in for the app's users. */
    record User(long id, String name) {
    }

    static User check(String name, String password) {
        return "secret".equals(password) ? new User(7, name) : null;
    }

    static App login(App app) {
        // snippet: sessions-login
        app.post("/login", req -> {
            User user = check(req.form("name"), req.form("password"));
            if (user == null) {
                req.session().flash("error", "Wrong name or password");
                return Response.redirect("/login");
            }
            Session session = req.session();
            session.rotate();                           // a new id at login: an id planted before is worthless
            session.put("userId", user.id());
            session.flash("success", "Welcome, " + user.name());
            return Response.redirect("/me");
        });
        app.get("/me", req -> {
            Long userId = req.session().get("userId", Long.class);
            if (userId == null) return Response.redirect("/login");
            return "user " + userId + " " + req.session().flashes();
        });
        app.post("/logout", req -> {
            req.session().invalidate();                 // values gone, cookie deleted (and the record, with a store)
            return Response.redirect("/");
        });
        // end snippet
        return app;
    }

    @Test
    void logInSeeTheFlashOnceLogOut() {
        TestClient client = client(login(App.create(Config.builder().secrets(Secrets.of(KEY)).build())));
        TestResponse in = client.send(TestRequest.post("/login").form(Map.of("name", "ada", "password", "secret")));
        assertThat(in.status()).isIn(302, 303);
        assertThat(client.get("/me").text()).isEqualTo("user 7 " + List.of(new Flash("success", "Welcome, ada")));
        assertThat(client.get("/me").text()).isEqualTo("user 7 []");
        client.send(TestRequest.post("/logout"));
        assertThat(client.cookies()).doesNotContainKey("duet_session");
        assertThat(client.get("/me").status()).isIn(302, 303);
    }

    @Test
    void theSettings() {
        // snippet: sessions-settings
        Config config = Config.builder()
                .secrets(Secrets.of(System.getenv().getOrDefault("APP_KEY", KEY)))  // or DUET_SECRETS=new,old
                .sessionIdleTimeout(Duration.ofMinutes(30))     // DUET_SESSION_IDLE_TIMEOUT=30m
                .sessionMaxAge(Duration.ofHours(12))            // DUET_SESSION_MAX_AGE=PT12H
                .sessionSecure(true)                            // DUET_SESSION_SECURE=false for http://localhost
                .sessionCookie("duet_session")                  // DUET_SESSION_COOKIE
                .build();
        // end snippet
        App app = App.create(config);
        app.get("/put", req -> req.session().put("a", 1).toString());
        TestResponse res = client(app).get("/put");
        assertThat(res.header("Set-Cookie")).contains("; Max-Age=43200; Secure; HttpOnly; SameSite=Lax");
    }

    static App async(App app) {
        // snippet: sessions-async
        app.getAsync("/cart", req -> req.sessionAsync()
                .thenApply(session -> "items: " + session.get("items", List.class)));
        // end snippet
        app.get("/fill", req -> req.session().put("items", List.of("tea")).toString());
        return app;
    }

    @Test
    void anAsyncHandler() {
        TestClient client = client(async(App.create(Config.builder().secrets(Secrets.of(KEY)).build())));
        client.get("/fill");
        assertThat(client.get("/cart").text()).isEqualTo("items: [tea]");
    }

    @Test
    void docsShowExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/sessions.md", "duet-core/src/test/java/dev/duet/SessionsGuideTest.java",
                "duet-redis/src/test/java/dev/duet/redis/RedisDocsTest.java");
    }

}
