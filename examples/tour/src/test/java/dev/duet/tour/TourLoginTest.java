package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Secrets;
import dev.duet.db.Database;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's accounts through the in-process test client, which keeps cookies as a browser does:
 * sign up, a taken email, login right and wrong, /me anonymous and signed in, logout, and the
 * CSRF check on every form. Unsafe requests carry {@code Sec-Fetch-Site: same-origin}, as a
 * browser's form posts do; the CSRF tests leave it out or make it cross-site.
 */
class TourLoginTest {
    static final String KEY = "tour-login-test-signing-key-0123456789";
    private App app;
    private TestClient client;

    @BeforeEach
    void start() {
        app = App.create(Config.builder().secrets(Secrets.of(KEY)).build());
        new Tour(Database.connect("sqlite::memory:")).register(app);
        client = TestClient.of(app);
    }

    @AfterEach
    void stop() {
        client.close();
        app.stop();
    }

    private TestResponse post(String uri, String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) fields.put(pairs[i], pairs[i + 1]);
        return client.send(TestRequest.post(uri).form(fields).header("Sec-Fetch-Site", "same-origin"));
    }

    private TestResponse signUp(String name, String email, String password) {
        return post("/signup", "name", name, "email", email, "password", password, "password2", password);
    }

    @Test
    void theFormsAreShownWithTheirCsrfField() {
        for (String uri : new String[] {"/signup", "/login"}) {
            TestResponse res = client.get(uri);
            assertThat(res.status()).as(uri).isEqualTo(200);
            assertThat(res.text()).as(uri).contains("name=\"_csrf\"").contains("name=\"email\"").contains("name=\"password\"");
        }
        assertThat(client.get("/login?next=/me").text()).contains("name=\"next\" value=\"/me\"");
    }

    @Test
    void signingUpLogsInAndTheNextPageSaysWelcomeOnce() {
        TestResponse res = signUp("Ada Lovelace", "Ada@Example.com", "correct horse");
        assertThat(res.status()).as(res.toString()).isEqualTo(303);
        assertThat(res.header("Location")).isEqualTo("/me");
        TestResponse me = client.get("/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text()).contains("<h1 class=\"me\">Ada Lovelace</h1>").contains("ada@example.com")
                .contains("<p class=\"flash success\" role=\"status\">Welcome, Ada Lovelace</p>");
        assertThat(client.get("/me").text()).as("a flash is shown once").doesNotContain("Welcome");
    }

    @Test
    void invalidSignUpsAreShownAgainWithEachErrorBesideItsFieldAndTheInputKept() {
        TestResponse res = post("/signup", "name", "  ", "email", "ada@", "password", "short", "password2", "other");
        assertThat(res.status()).isEqualTo(422);
        String page = res.text();
        assertThat(page).contains("<ul class=\"errors\" id=\"name-errors\"><li>is required</li></ul>")
                .contains("<ul class=\"errors\" id=\"email-errors\"><li>must be an email address</li></ul>")
                .contains("<ul class=\"errors\" id=\"password-errors\"><li>must be at least 8 characters</li></ul>")
                .contains("value=\"ada@\"")
                .doesNotContain("short").doesNotContain("value=\"other\"");
        TestResponse mismatch = post("/signup", "name", "Ada", "email", "ada@example.com", "password", "long enough", "password2", "other");
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.text()).contains("<li>does not match the password</li>");
        assertThat(client.get("/me").status()).as("nobody signed in").isEqualTo(303);
    }

    @Test
    void aPasswordBeyondWhatBcryptReadsIsRefused() {
        TestResponse res = signUp("Ada", "ada@example.com", "é".repeat(37)); // 74 bytes
        assertThat(res.status()).isEqualTo(422);
        assertThat(res.text()).contains("<li>must be at most 72 bytes</li>");
    }

    @Test
    void aTakenEmailIsSaidBesideTheEmailField() {
        assertThat(signUp("Ada", "ada@example.com", "correct horse").status()).isEqualTo(303);
        post("/logout");
        TestResponse again = signUp("Other Ada", "ADA@example.com", "another horse");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.text()).contains("<ul class=\"errors\" id=\"email-errors\"><li>is already registered; log in instead</li></ul>")
                .contains("value=\"Other Ada\"");
    }

    @Test
    void loggingInWithTheRightPasswordGoesWhereItWasAskedWithANewSessionId() {
        signUp("Ada", "ada@example.com", "correct horse");
        post("/logout");
        TestResponse anonymous = client.get("/me");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.header("Location")).isEqualTo("/login?next=/me");
        String before = client.cookies().get("duet_session");
        TestResponse res = post("/login", "email", " ada@example.com ", "password", "correct horse", "next", "/me");
        assertThat(res.status()).isEqualTo(303);
        assertThat(res.header("Location")).isEqualTo("/me");
        assertThat(client.cookies().get("duet_session")).as("rotated at login").isNotNull().isNotEqualTo(before);
        assertThat(client.get("/me").text()).contains("Welcome, Ada");
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswerBesideThePassword() {
        signUp("Ada", "ada@example.com", "correct horse");
        post("/logout");
        TestResponse wrong = post("/login", "email", "ada@example.com", "password", "wrong horse");
        TestResponse unknown = post("/login", "email", "nobody@example.com", "password", "wrong horse");
        for (TestResponse res : new TestResponse[] {wrong, unknown}) {
            assertThat(res.status()).isEqualTo(422);
            assertThat(res.text()).contains("<ul class=\"errors\" id=\"password-errors\"><li>Wrong email or password</li></ul>")
                    .doesNotContain("wrong horse");
        }
        assertThat(withoutWhatMayDiffer(wrong.text()))
                .as("nothing tells the two apart but the email echoed, the request id and the CSRF token's fresh mask")
                .isEqualTo(withoutWhatMayDiffer(unknown.text()));
        assertThat(client.get("/me").status()).isEqualTo(303);
        TestResponse empty = post("/login", "email", "", "password", "");
        assertThat(empty.text()).contains("id=\"email-errors\"><li>is required</li>").contains("id=\"password-errors\"><li>is required</li>");
    }

    private static String withoutWhatMayDiffer(String page) {
        return page.replaceAll("value=\"[a-z]+@example.com\"", "value=\"EMAIL\"").replaceAll("Request <code>[^<]+</code>", "Request ID")
                .replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\" value=\"TOKEN\"");
    }

    @Test
    void logoutEndsTheSession() {
        signUp("Ada", "ada@example.com", "correct horse");
        assertThat(client.get("/me").status()).isEqualTo(200);
        TestResponse out = post("/logout");
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/login");
        assertThat(client.get("/me").status()).isEqualTo(303);
    }

    @Test
    void nextOnlyLeadsWithinTheSite() {
        assertThat(Login.next("/me")).isEqualTo("/me");
        assertThat(Login.next("//evil.example/")).isEqualTo("/me");
        assertThat(Login.next("/\\evil.example")).isEqualTo("/me");
        assertThat(Login.next("https://evil.example/")).isEqualTo("/me");
        assertThat(Login.next(null)).isEqualTo("/me");
    }

    @Test
    void aFormPostWithCookiesButNoCsrfProofIs403() {
        signUp("Ada", "ada@example.com", "correct horse");
        String cookies = client.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        // A Cookie header of its own: the test client then sends the request as written, like an
        // old browser that sends neither Sec-Fetch-Site nor Origin, so only the token could vouch.
        TestResponse noProof = client.send(TestRequest.post("/logout").form(Map.of()).header("Cookie", cookies));
        assertThat(noProof.status()).isEqualTo(403);
        assertThat(noProof.header("X-CSRF-Failure")).isEqualTo("token-missing");
        TestResponse crossSite = client.send(TestRequest.post("/login")
                .form(Map.of("email", "ada@example.com", "password", "correct horse")).header("Sec-Fetch-Site", "cross-site"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(client.get("/me").status()).as("still signed in: the logout was refused").isEqualTo(200);
    }

    @Test
    void withoutASessionKeyTheDemoMakesOneAndADevOrConfiguredAppKeepsItsOwn() {
        assertThat(Login.withSessionKey(Config.defaults()).secrets().isEmpty()).isFalse();
        Config own = Config.builder().secrets(Secrets.of(KEY)).build();
        assertThat(Login.withSessionKey(own)).isSameAs(own);
        Config dev = Config.builder().dev(true).build();
        assertThat(Login.withSessionKey(dev)).isSameAs(dev);
    }
}
