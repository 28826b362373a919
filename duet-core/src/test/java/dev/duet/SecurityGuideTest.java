package dev.duet;

import dev.duet.conformance.DocSnippets;
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
 * The examples of docs/security.md, each run through the test client, and the check that the
 * guide shows exactly this code. (The conformance suite, {@code SecuritySuite}, holds every core
 * to the behaviour; this holds the guide to the code.)
 */
class SecurityGuideTest {
    private static final String EVIL = "https://evil.example";
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

    private static TestRequest forged(String method, String uri) {
        return TestRequest.of(method, uri).header("Host", "shop.example").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL);
    }

    static App optOuts(App app) {
        // snippet: csrf-opt-out
        app.post("/hooks/payments", req -> "ok").csrf(false);   // signed by the payment provider, not sent by a browser
        app.group("/api", api -> {
            api.csrf(false);                                     // an API authenticated by a bearer token, never by a cookie
            api.post("/orders", req -> "created");
        });
        // end snippet
        return app;
    }

    @Test
    void optingOut() {
        TestClient client = client(optOuts(App.create()));
        assertThat(client.send(forged("POST", "/hooks/payments")).status()).isEqualTo(200);
        assertThat(client.send(forged("POST", "/api/orders")).status()).isEqualTo(200);
    }

    static Config settings(String signingKey) {
        // snippet: security-settings
        Config config = Config.builder()
                .secrets(Secrets.of(signingKey))                            // signs CSRF tokens (or DUET_SECRETS=key1,key2)
                .trustedOrigins(List.of("https://sso.example.com"))         // its form posts back to us cross-site
                .hsts("max-age=31536000; includeSubDomains")                // opt-in, sent on HTTPS requests only
                .build();
        // end snippet
        return config;
    }

    @Test
    void theSettings() {
        App app = App.create(settings("k".repeat(32)).toBuilder().trustedProxies(List.of("127.0.0.1")).build());
        app.post("/login/callback", req -> "welcome");
        TestClient client = client(app);
        TestResponse res = client.send(TestRequest.post("/login/callback").header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://sso.example.com"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Strict-Transport-Security")).isNull(); // plain http
        assertThat(client.send(TestRequest.get("/").header("X-Forwarded-Proto", "https")).header("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");
        assertThat(client.send(forged("POST", "/login/callback")).status()).isEqualTo(403);
    }

    static App tokenForScripts(App app) {
        // snippet: csrf-token
        app.get("/settings", req -> Response.html("""
                <form method="post" action="/settings">%s<button>Save</button></form>
                <script nonce="%s">const csrfToken = "%s";</script>
                """.formatted(Csrf.field(req), Csrf.cspNonce(req), Csrf.token(req))));
        app.post("/settings", req -> "saved");
        // end snippet
        return app;
    }

    @Test
    void theTokenForFormsAndScripts() {
        TestClient client = client(tokenForScripts(App.create()));
        TestResponse page = client.get("/settings");
        String secret = client.cookies().get(Csrf.COOKIE);
        assertThat(secret).isNotNull();
        String token = page.text().replaceAll("(?s).*const csrfToken = \"([^\"]+)\".*", "$1");
        assertThat(page.text()).contains("value=\"" + token + "\"").contains("const csrfToken = \"" + token + "\"")
                .contains("<script nonce=\"" + page.header("Content-Security-Policy").replaceAll(".*'nonce-([^']+)'.*", "$1") + "\">");
        // as an old browser: the cookie, no Sec-Fetch-Site, no Origin; the token decides
        String cookie = Csrf.COOKIE + "=" + secret;
        assertThat(client.send(TestRequest.post("/settings").header("Cookie", cookie).header(Csrf.HEADER, token)).status())
                .isEqualTo(200);
        TestResponse refused = client.send(TestRequest.post("/settings").header("Cookie", cookie));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("X-CSRF-Failure")).isEqualTo("token-missing");
    }

    static App headers(App app) {
        // snippet: header-override
        app.get("/embed", req -> Response.html("<p>embeddable</p>")
                .header("X-Frame-Options", "SAMEORIGIN")                                   // the app's own header wins
                .header("Content-Security-Policy", "frame-ancestors https://partner.example.com"));
        // end snippet
        return app;
    }

    @Test
    void overridingAHeader() {
        TestResponse res = client(headers(App.create())).get("/embed");
        assertThat(res.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(res.header("Content-Security-Policy")).isEqualTo("frame-ancestors https://partner.example.com");
        assertThat(res.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    static App cors(App app) {
        // snippet: cors
        app.group("/api", api -> {
            api.cors(Cors.origins("https://app.example.com")
                    .methods(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)
                    .headers("Content-Type", "Authorization")
                    .credentials(true)
                    .maxAge(Duration.ofHours(1))
                    .exposedHeaders("X-Total-Count"));
            api.get("/items", req -> List.of("a", "b"));
        });
        // end snippet
        return app;
    }

    @Test
    void corsForAGroup() {
        TestClient client = client(cors(App.create()));
        TestResponse pre = client.send(TestRequest.of("OPTIONS", "/api/items").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "DELETE").header("Access-Control-Request-Headers", "authorization"));
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        TestResponse res = client.send(TestRequest.get("/api/items").header("Origin", "https://app.example.com"));
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(res.header("Access-Control-Expose-Headers")).isEqualTo("X-Total-Count");
    }

    @Test
    void theTestClientPostsAsTheAppsOwnPagesDo() {
        App app = tokenForScripts(App.create());
        TestClient client = client(app);
        client.get("/settings");                                  // the jar now holds the CSRF cookie
        assertThat(client.send(TestRequest.post("/settings")).status()).isEqualTo(200);
        TestResponse forged = client.send(TestRequest.post("/settings").header("Sec-Fetch-Site", "cross-site")
                .header("Origin", EVIL));
        assertThat(forged.status()).isEqualTo(403);
    }

    @Test
    void everythingOff() {
        // snippet: all-off
        Config config = Config.builder().csrf(false).securityHeaders(false).build();   // DUET_CSRF=false, DUET_SECURITY_HEADERS=false
        // end snippet
        App app = App.create(config);
        app.post("/x", req -> "x");
        TestResponse res = client(app).send(forged("POST", "/x"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("X-Frame-Options")).isNull();
        assertThat(Config.builder().apply(Map.of("DUET_CSRF", "false", "DUET_SECURITY_HEADERS", "off"), Map.of()).build())
                .satisfies(c -> assertThat(c.csrf()).isFalse())
                .satisfies(c -> assertThat(c.securityHeaders()).isFalse());
    }

    @Test
    void theGuideShowsExactlyTheCodeTestedHere() {
        DocSnippets.assertGuideShowsExactly("docs/security.md", "duet-core/src/test/java/dev/duet/SecurityGuideTest.java");
    }
}
