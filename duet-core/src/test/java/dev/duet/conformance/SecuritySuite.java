package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.Cors;
import dev.duet.Csrf;
import dev.duet.HttpError;
import dev.duet.HttpMethod;
import dev.duet.Response;
import dev.duet.Secrets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Web security on every core: the CSRF matrix (Fetch Metadata, Origin, the synchronizer token with
 * key rotation, opt-outs), the default security headers with the CSP nonce, HSTS, and CORS
 * (preflights answered before any link runs, actual responses decorated, per group).
 */
public abstract class SecuritySuite extends ConformanceSuite {
    private static final String KEY_OLD = "old-key-0123456789-0123456789-0123456789";
    private static final String KEY_NEW = "new-key-0123456789-0123456789-0123456789";
    private static final String KEY_OTHER = "other-key-0123456789-0123456789-01234567";
    private static final String EVIL = "https://evil.example";

    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger middlewareRan = new AtomicInteger();

    protected SecuritySuite(Harness harness) {
        super(harness);
    }

    /** Registers the routes every CSRF test uses: a form target and an echo of the Host header. */
    private App withRoutes(App app) {
        app.use((req, next) -> {
            middlewareRan.incrementAndGet();
            return next.proceed();
        });
        app.get("/host", req -> String.valueOf(req.header("Host")));
        app.post("/save", req -> {
            handled.incrementAndGet();
            return "saved";
        });
        app.put("/save", req -> "put");
        app.patch("/save", req -> "patched");
        app.delete("/save", req -> "deleted");
        app.get("/save", req -> "read");
        app.get("/form", req -> Csrf.token(req));
        return app;
    }

    /** Over HTTP the client sends its own Host; in-process there is none, so every request names one. */
    private ClientRequest req(String method, String uri) {
        ClientRequest r = ClientRequest.of(method, uri);
        if (!harness.overHttp()) r.header("Host", "localhost:8000");
        return r;
    }

    private static String selfOrigin(Harness.Client client, SecuritySuite suite) {
        return "http://" + client.send(suite.req("GET", "/host")).text();
    }

    private static void assertRefused(ClientResponse res, String check) {
        assertThat(res.status()).as(res.toString()).isEqualTo(403);
        assertThat(res.header("X-CSRF-Failure")).isEqualTo(check);
        assertThat(res.text()).contains("CSRF check failed");
    }

    // ---- Fetch Metadata and Origin ----

    @Test
    void crossSitePostIsRefusedBeforeTheHandlerSayingWhichCheckFailed() {
        var client = serve(withRoutes(newApp()));
        var res = client.send(req("POST", "/save").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)
                .form(Map.of("a", "1")));
        assertRefused(res, "fetch-metadata");
        assertThat(res.text()).contains("Sec-Fetch-Site: cross-site").contains(EVIL);
        assertThat(handled).hasValue(0);
        assertThat(middlewareRan).as("the check runs outside the app's middleware").hasValue(0);

        var json = client.send(req("POST", "/save").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)
                .accept("application/json"));
        assertThat(json.status()).isEqualTo(403);
        assertThat(json.jsonMap()).containsEntry("details", Map.of("csrf", "fetch-metadata"));
    }

    @Test
    void sameSiteSubdomainIsRefused() {
        var client = serve(withRoutes(newApp()));
        var res = client.send(req("POST", "/save").header("Sec-Fetch-Site", "same-site")
                .header("Origin", "http://admin.localhost:8000"));
        assertRefused(res, "fetch-metadata");
        assertThat(res.text()).contains("same-site");
    }

    @Test
    void sameOriginAndUserInitiatedRequestsPass() {
        var client = serve(withRoutes(newApp()));
        String self = selfOrigin(client, this);
        assertThat(client.send(req("POST", "/save").header("Sec-Fetch-Site", "same-origin").header("Origin", self)).text())
                .isEqualTo("saved");
        // "none": the user typed the address or used a bookmark
        assertThat(client.send(req("POST", "/save").header("Sec-Fetch-Site", "none")).status()).isEqualTo(200);
        // a browser without Fetch Metadata: its Origin is this site
        assertThat(client.send(req("POST", "/save").header("Origin", self)).status()).isEqualTo(200);
        assertThat(handled).hasValue(3);
        assertThat(middlewareRan).hasValue(4); // and the GET /host
    }

    @Test
    void originNullIsRefused() {
        var client = serve(withRoutes(newApp()));
        assertRefused(client.send(req("POST", "/save").header("Origin", "null")), "origin-null");
        assertRefused(client.send(req("POST", "/save").header("Origin", "null").header("Cookie", "a=b")), "origin-null");
    }

    @Test
    void aRequestWithNoBrowserHeaderAndNoCookiePassesAsAnApiClient() {
        var client = serve(withRoutes(newApp()));
        var res = client.send(req("POST", "/save").body("{}", "application/json"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("saved");
    }

    @Test
    void aTrustedOriginSuchAsAnSsoProviderPasses() {
        var client = serve(withRoutes(newApp(c -> c.trustedOrigins(List.of("https://sso.example.com")))));
        assertThat(client.send(req("POST", "/save").header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://sso.example.com")).status()).isEqualTo(200);
        assertThat(client.send(req("POST", "/save").header("Origin", "https://SSO.example.com")).status()).isEqualTo(200);
        // its neighbours are not trusted
        assertRefused(client.send(req("POST", "/save").header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://sso.example.com.evil.example")), "fetch-metadata");
        assertRefused(client.send(req("POST", "/save").header("Origin", "http://sso.example.com")), "origin");
    }

    @Test
    void anOriginOfAnotherPortOrSchemeIsRefused() {
        var client = serve(withRoutes(newApp()));
        String self = selfOrigin(client, this);
        String host = self.substring("http://".length());
        String hostname = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        var otherScheme = client.send(req("POST", "/save").header("Origin", "https://" + host));
        assertRefused(otherScheme, "origin");
        assertThat(otherScheme.text()).contains("https://" + host).contains(self);
        assertRefused(client.send(req("POST", "/save").header("Origin", "http://" + hostname + ":1")), "origin");
        assertRefused(client.send(req("POST", "/save").header("Origin", EVIL)), "origin");
        assertThat(handled).hasValue(0);
    }

    @Test
    void behindATrustedProxyTheForwardedSchemeAndHostAreTheSite() {
        var trusting = serve(withRoutes(newApp(c -> c.trustedProxies(List.of("127.0.0.1", "::1")))));
        var forwarded = req("POST", "/save").header("Origin", "https://shop.example")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.example");
        assertThat(trusting.send(forwarded).status()).isEqualTo(200);
        // from a peer that is no trusted proxy, the same headers are just claims
        var plain = serve(withRoutes(newApp()));
        assertRefused(plain.send(forwarded), "origin");
    }

    @Test
    void unsafeMethodsAreAllCheckedAndSafeOnesNever() {
        var client = serve(withRoutes(newApp()));
        for (String m : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertRefused(client.send(req(m, "/save").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)), "fetch-metadata");
        }
        for (String m : List.of("GET", "HEAD")) {
            var res = client.send(req(m, "/save").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)
                    .header("Cookie", "session=x"));
            assertThat(res.status()).as(m).isEqualTo(200);
        }
    }

    @Test
    void aRefusalIsLoggedAtInfo() throws InterruptedException {
        try (LogCapture log = LogCapture.of("dev.duet.Security", Level.INFO)) {
            var client = serve(withRoutes(newApp()));
            client.send(req("POST", "/save").header("Origin", "null"));
            var event = log.await(e -> e.getFormattedMessage().contains("origin-null"), Duration.ofSeconds(5));
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getFormattedMessage()).contains("POST /save");
        }
    }

    @Test
    void theAppsOwnErrorHandlerMayAnswerARefusal() {
        App app = withRoutes(newApp());
        app.error(403, (req, e) -> Response.text("custom: " + e.headers().get("X-CSRF-Failure")).status(403));
        var client = serve(app);
        var res = client.send(req("POST", "/save").header("Origin", "null"));
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.text()).isEqualTo("custom: origin-null");
    }

    // ---- the synchronizer token ----

    private static String cookieValue(ClientResponse res) {
        for (String line : res.headers("Set-Cookie")) {
            if (line.startsWith(Csrf.COOKIE + "=")) return line.substring(Csrf.COOKIE.length() + 1, line.indexOf(';'));
        }
        return null;
    }

    @Test
    void aSecretIsIssuedInAnHttpOnlyCookieOnceAndEachResponseGetsItsOwnMaskedToken() {
        var client = serve(withRoutes(newApp(c -> c.secrets(Secrets.of(KEY_NEW)))));
        var first = client.send(req("GET", "/form"));
        String cookie = cookieValue(first);
        assertThat(cookie).isNotNull();
        assertThat(Secrets.of(KEY_NEW).verify(cookie)).isPresent();
        assertThat(first.text()).as("the page's token is masked, never the cookie itself").isNotEqualTo(cookie)
                .matches("[A-Za-z0-9_-]+");
        String line = first.headers("Set-Cookie").stream().filter(l -> l.startsWith(Csrf.COOKIE)).findFirst().orElseThrow();
        assertThat(line).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        var again = client.send(req("GET", "/form").header("Cookie", Csrf.COOKIE + "=" + cookie));
        assertThat(cookieValue(again)).as("the cookie is reused, not set again").isNull();
        assertThat(again.text()).as("a fresh mask on every response (BREACH)").isNotEqualTo(first.text());
        // both tokens were made for the same cookie, so both pass
        for (String token : List.of(first.text(), again.text())) {
            assertThat(client.send(req("POST", "/save").header("Cookie", Csrf.COOKIE + "=" + cookie).header("X-CSRF-Token", token))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestWithCookiesButNoBrowserHeaderNeedsTheToken() {
        var client = serve(withRoutes(newApp(c -> c.secrets(Secrets.of(KEY_NEW)))));
        var form = client.send(req("GET", "/form"));
        String token = form.text();
        String cookies = "session=abc; " + Csrf.COOKIE + "=" + cookieValue(form);
        // in the form field, or in the header
        assertThat(client.send(req("POST", "/save").header("Cookie", cookies).form(Map.of("_csrf", token, "a", "1"))).status())
                .isEqualTo(200);
        assertThat(client.send(req("POST", "/save").header("Cookie", cookies).header("X-CSRF-Token", token)).status())
                .isEqualTo(200);
        assertRefused(client.send(req("POST", "/save").header("Cookie", cookies).form(Map.of("a", "1"))), "token-missing");
        assertRefused(client.send(req("POST", "/save").header("Cookie", cookies).form(Map.of("_csrf", token + "x"))), "token-mismatch");
        assertRefused(client.send(req("POST", "/save").header("Cookie", cookies).form(Map.of("_csrf", "not base64!"))), "token-mismatch");
        // the cookie itself is not a token, nor is a token made for another cookie
        assertRefused(client.send(req("POST", "/save").header("Cookie", cookies).header("X-CSRF-Token", cookieValue(form))),
                "token-mismatch");
        String otherToken = client.send(req("GET", "/form")).text();
        assertRefused(client.send(req("POST", "/save").header("Cookie", cookies).header("X-CSRF-Token", otherToken)), "token-mismatch");
        assertRefused(client.send(req("POST", "/save").header("Cookie", "session=abc").header("X-CSRF-Token", token)),
                "token-cookie-missing");
        assertThat(handled).hasValue(2);
    }

    @Test
    void aCookieSignedWithAnOldRotatedKeyIsAcceptedAndOneFromAnotherKeyIsNot() {
        String old = Secrets.of(KEY_OLD).sign("issued-before-the-rotation");
        var client = serve(withRoutes(newApp(c -> c.secrets(Secrets.of(KEY_NEW, KEY_OLD)))));
        var oldForm = client.send(req("GET", "/form").header("Cookie", Csrf.COOKIE + "=" + old));
        assertThat(cookieValue(oldForm)).as("a cookie signed with an old key is kept").isNull();
        assertThat(client.send(req("POST", "/save").header("Cookie", Csrf.COOKIE + "=" + old).header("X-CSRF-Token", oldForm.text()))
                .status()).isEqualTo(200);
        String foreign = Secrets.of(KEY_OTHER).sign("forged-elsewhere");
        var res = client.send(req("POST", "/save").header("Cookie", Csrf.COOKIE + "=" + foreign).header("X-CSRF-Token", oldForm.text()));
        assertRefused(res, "token-invalid");
        // and the form gets a new cookie signed with the current key rather than the foreign one
        var form = client.send(req("GET", "/form").header("Cookie", Csrf.COOKIE + "=" + foreign));
        assertThat(cookieValue(form)).isNotNull().isNotEqualTo(foreign);
        assertThat(Secrets.of(KEY_NEW).verify(cookieValue(form))).isPresent();
    }

    @Test
    void withoutSecretsTokensStillWorkWithinTheProcess() {
        var client = serve(withRoutes(newApp()));
        var form = client.send(req("GET", "/form"));
        assertThat(client.send(req("POST", "/save").header("Cookie", Csrf.COOKIE + "=" + cookieValue(form))
                .header("X-CSRF-Token", form.text())).status()).isEqualTo(200);
    }

    // ---- opting out ----

    @Test
    void aRouteAGroupOrTheAppMayOptOut() {
        App app = newApp();
        app.post("/webhook", req -> "hook").csrf(false);
        app.group("/api", api -> {
            api.csrf(false);
            api.post("/items", req -> "item");
            api.post("/strict", req -> "strict").csrf(true);
            api.group("/inner", inner -> inner.post("/deep", req -> "deep"));
        });
        app.post("/checked", req -> "checked");
        var client = serve(app);
        ClientRequest forged = req("POST", "/x").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL);
        for (String path : List.of("/webhook", "/api/items", "/api/inner/deep")) {
            var res = client.send(req("POST", path).header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL));
            assertThat(res.status()).as(path).isEqualTo(200);
        }
        assertRefused(client.send(req("POST", "/api/strict").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)),
                "fetch-metadata");
        assertRefused(client.send(req("POST", "/checked").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)),
                "fetch-metadata");
        assertThat(forged).isNotNull();
    }

    @Test
    void theCsrfSettingTurnsItOffForTheWholeApp() {
        var client = serve(withRoutes(newApp(c -> c.csrf(false))));
        assertThat(client.send(req("POST", "/save").header("Sec-Fetch-Site", "cross-site").header("Origin", EVIL)).status())
                .isEqualTo(200);
    }

    // ---- security headers ----

    private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9_-]+)'");

    private static String nonceOf(ClientResponse res) {
        Matcher m = NONCE.matcher(res.header("Content-Security-Policy"));
        assertThat(m.find()).as(res.header("Content-Security-Policy")).isTrue();
        return m.group(1);
    }

    @Test
    void everyResponseCarriesTheDefaultHeadersWithAFreshNonce() {
        App app = newApp();
        app.get("/nonce", req -> Csrf.cspNonce(req));
        var client = serve(app);
        var a = client.send(req("GET", "/nonce"));
        var b = client.send(req("GET", "/nonce"));
        for (var res : List.of(a, b, client.send(req("GET", "/missing")))) {
            assertThat(res.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(res.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(res.header("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
            assertThat(res.header("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("default-src 'self'")
                    .contains("object-src 'none'");
            assertThat(res.header("Strict-Transport-Security")).isNull();
        }
        assertThat(nonceOf(a)).isEqualTo(a.text()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(nonceOf(b)).isEqualTo(b.text()).isNotEqualTo(nonceOf(a));
    }

    @Test
    void aResponseWhoseRequestNeverAskedForANonceGetsThePolicyWithoutOne() {
        App app = newApp();
        app.get("/plain", req -> "no page here");
        var res = serve(app).send(req("GET", "/plain"));
        assertThat(res.header("Content-Security-Policy")).isNotEmpty().doesNotContain("nonce");
        assertThat(res.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void answersRefusedAtTheDoorCarryTheHeadersToo() {
        App app = newApp(c -> c.maxBodySize(1024)); // a small body over it: the client has sent it all before the refusal
        app.get("/only-get", req -> "x");
        var client = serve(app);
        var res = client.send(req("PUT", "/only-get"));
        assertThat(res.status()).isEqualTo(405);
        assertThat(res.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(res.header("Content-Security-Policy")).contains("'nonce-");
        var big = client.send(req("POST", "/only-get").body(new byte[2048], "application/octet-stream"));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void duetsOwnErrorPageStyleCarriesTheNonce() {
        App app = newApp();
        app.get("/boom", req -> { throw new HttpError(409, "taken"); });
        var client = serve(app);
        for (String path : List.of("/boom", "/missing")) {
            var res = client.send(req("GET", path).accept("text/html"));
            assertThat(res.text()).contains("<style nonce=\"" + nonceOf(res) + "\">");
        }
    }

    @Test
    void aHeaderTheAppSetsItselfWinsInAnyCaseAndIsSentOnce() {
        App app = newApp();
        app.get("/framed", req -> Response.text("ok").header("x-frame-options", "SAMEORIGIN")
                .header("Content-Security-Policy", "default-src 'none'").header("REFERRER-POLICY", "no-referrer"));
        var res = serve(app).send(req("GET", "/framed"));
        assertThat(res.headers("X-Frame-Options")).containsExactly("SAMEORIGIN");
        assertThat(res.headers("Content-Security-Policy")).containsExactly("default-src 'none'");
        assertThat(res.headers("Referrer-Policy")).containsExactly("no-referrer");
        assertThat(res.headers("X-Content-Type-Options")).containsExactly("nosniff");
    }

    @Test
    void settingsTurnTheHeadersOffOrChangeThePolicy() {
        App off = newApp(c -> c.securityHeaders(false));
        off.get("/nonce", req -> String.valueOf(Csrf.cspNonce(req)));
        var res = serve(off).send(req("GET", "/nonce"));
        for (String h : List.of("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy")) {
            assertThat(res.header(h)).as(h).isNull();
        }
        assertThat(res.text()).isEqualTo("null");

        var custom = serve(newApp(c -> c.contentSecurityPolicy("script-src 'nonce-{nonce}'"))).send(req("GET", "/missing"));
        assertThat(custom.header("Content-Security-Policy")).matches("script-src 'nonce-[A-Za-z0-9_-]+'");
        var none = serve(newApp(c -> c.contentSecurityPolicy(""))).send(req("GET", "/missing"));
        assertThat(none.header("Content-Security-Policy")).isNull();
        assertThat(none.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void hstsIsOptInAndSentOnlyOverHttps() {
        App app = newApp(c -> c.hsts("max-age=31536000; includeSubDomains").trustedProxies(List.of("127.0.0.1", "::1")));
        app.get("/", req -> "home");
        var client = serve(app);
        assertThat(client.send(req("GET", "/")).header("Strict-Transport-Security")).isNull();
        assertThat(client.send(req("GET", "/").header("X-Forwarded-Proto", "https")).header("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000; includeSubDomains");
    }

    // ---- CORS ----

    private App corsApp(AtomicInteger reached) {
        App app = newApp();
        app.use((req, next) -> {
            reached.incrementAndGet();
            return next.proceed();
        });
        app.group("/api", api -> {
            api.cors(Cors.origins("https://app.example.com")
                    .methods(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)
                    .headers("Content-Type", "X-Custom")
                    .credentials(true)
                    .maxAge(Duration.ofHours(1))
                    .exposedHeaders("X-Total"));
            api.get("/items", req -> Response.text("items").header("X-Total", "2"));
            api.post("/items", req -> "created");
            api.delete("/items", req -> "deleted");
            api.put("/items", req -> "put");
        });
        app.get("/private", req -> "private");
        return app;
    }

    private ClientRequest preflight(String path, String origin, String method) {
        return req("OPTIONS", path).header("Origin", origin).header("Access-Control-Request-Method", method);
    }

    @Test
    void corsIsOffByDefault() {
        AtomicInteger reached = new AtomicInteger();
        var client = serve(corsApp(reached));
        var pre = client.send(preflight("/private", "https://app.example.com", "GET"));
        assertThat(pre.header("Access-Control-Allow-Origin")).isNull();
        var res = client.send(req("GET", "/private").header("Origin", "https://app.example.com"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anAllowedPreflightIsAnsweredWithoutReachingAnyLink() {
        AtomicInteger reached = new AtomicInteger();
        var client = serve(corsApp(reached));
        var res = client.send(preflight("/api/items", "https://app.example.com", "DELETE")
                .header("Access-Control-Request-Headers", "content-type, x-custom"));
        assertThat(res.status()).isEqualTo(204);
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(res.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, DELETE");
        assertThat(res.header("Access-Control-Allow-Headers")).contains("content-type").contains("x-custom");
        assertThat(res.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(res.header("Access-Control-Max-Age")).isEqualTo("3600");
        assertThat(res.header("Vary")).contains("Origin");
        assertThat(reached).hasValue(0);
    }

    @Test
    void aPreflightOutsideThePolicyIsRefusedSayingWhy() {
        AtomicInteger reached = new AtomicInteger();
        var client = serve(corsApp(reached));
        var origin = client.send(preflight("/api/items", EVIL, "GET"));
        assertThat(origin.status()).isEqualTo(403);
        assertThat(origin.header("X-CORS-Failure")).isEqualTo("origin");
        assertThat(origin.header("Access-Control-Allow-Origin")).isNull();
        assertThat(origin.text()).contains(EVIL);
        var method = client.send(preflight("/api/items", "https://app.example.com", "PUT"));
        assertThat(method.status()).isEqualTo(403);
        assertThat(method.header("X-CORS-Failure")).isEqualTo("method");
        var header = client.send(preflight("/api/items", "https://app.example.com", "POST")
                .header("Access-Control-Request-Headers", "authorization"));
        assertThat(header.status()).isEqualTo(403);
        assertThat(header.text()).contains("authorization");
        assertThat(reached).hasValue(0);
    }

    @Test
    void actualResponsesCarryTheHeadersForAnAllowedOriginOnly() {
        AtomicInteger reached = new AtomicInteger();
        var client = serve(corsApp(reached));
        var ok = client.send(req("GET", "/api/items").header("Origin", "https://app.example.com"));
        assertThat(ok.text()).isEqualTo("items");
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(ok.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(ok.header("Access-Control-Expose-Headers")).isEqualTo("X-Total");
        assertThat(ok.header("Vary")).contains("Origin");
        var other = client.send(req("GET", "/api/items").header("Origin", EVIL));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(other.header("Vary")).contains("Origin");
    }

    @Test
    void anOriginTheCorsPolicyNamesPassesTheCsrfCheckOfItsRoutes() {
        AtomicInteger reached = new AtomicInteger();
        var client = serve(corsApp(reached));
        var res = client.send(req("POST", "/api/items").header("Origin", "https://app.example.com").header("Sec-Fetch-Site", "cross-site"));
        assertThat(res.text()).isEqualTo("created");
        assertRefused(client.send(req("POST", "/api/items").header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site")),
                "fetch-metadata");
    }

    @Test
    void aPreflightForAMethodThePathDoesNotServeIsAnsweredByThePolicyOfItsRoutes() {
        AtomicInteger reached = new AtomicInteger();
        App app = newApp();
        app.cors(Cors.origins("https://app.example.com").methods(HttpMethod.GET, HttpMethod.PATCH));
        app.get("/things", req -> "things");
        var client = serve(app);
        assertThat(client.send(preflight("/things", "https://app.example.com", "PATCH")).status()).isEqualTo(204);
        var refused = client.send(preflight("/things", "https://app.example.com", "DELETE"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("X-CORS-Failure")).isEqualTo("method");
        assertThat(reached).hasValue(0);
    }

    @Test
    void anyOriginAnswersWithAStarAndRefusesCredentials() {
        App app = newApp();
        app.cors(Cors.origins("*"));
        app.get("/public", req -> "public");
        var client = serve(app);
        var res = client.send(req("GET", "/public").header("Origin", "https://anyone.example"));
        assertThat(res.header("Access-Control-Allow-Origin")).isEqualTo("*");
        var pre = client.send(preflight("/public", "https://anyone.example", "GET"));
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThatThrownBy(() -> Cors.origins("*").credentials(true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> Cors.origins("app.example.com")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme://host");
    }
}
