package dev.duet.conformance;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.Secrets;
import dev.duet.View;
import dev.duet.session.Flash;
import dev.duet.session.Session;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sessions and flash messages on every core: the signed cookie (flags, tampering, key rotation,
 * expiry on a clock the test moves, the 4 096-byte limit), laziness, rotation and invalidation,
 * a server-side store, and flashes across a redirect.
 */
public abstract class SessionsSuite extends ConformanceSuite {
    static final String KEY = "k".repeat(16) + "-new-signing-key-0123456789";
    static final String OLD_KEY = "o".repeat(16) + "-old-signing-key-0123456789";
    private static final String COOKIE = "duet_session";

    protected SessionsSuite(Harness harness) {
        super(harness);
    }

    /** A clock the test moves by hand: expiry without sleeping. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static App app(UnaryOperator<Config.Builder> tune) {
        App app = newApp(b -> tune.apply(b.secrets(Secrets.of(KEY))));
        app.get("/put", req -> {
            req.session().put("user", req.query("user"));
            return "put";
        });
        app.get("/get", req -> String.valueOf(req.session().get("user")));
        app.get("/none", req -> "no session here");
        app.get("/id", req -> req.session().id());
        app.get("/new", req -> String.valueOf(req.session().isNew()));
        app.get("/rotate", req -> {
            req.session().rotate();
            return req.session().id();
        });
        app.get("/invalidate", req -> {
            req.session().invalidate();
            return "bye";
        });
        return app;
    }

    private static App app() {
        return app(b -> b);
    }

    /** The session cookie's Set-Cookie line, or null if the response sets none. */
    static String setCookie(ClientResponse res) {
        return res.headers("Set-Cookie").stream().filter(h -> h.startsWith(COOKIE + "=")).findFirst().orElse(null);
    }

    /** The value the response set the session cookie to. */
    static String cookieValue(ClientResponse res) {
        String line = setCookie(res);
        assertThat(line).as("a Set-Cookie for the session").isNotNull();
        return line.substring(COOKIE.length() + 1, line.indexOf(';'));
    }

    static ClientRequest withCookie(String uri, String value) {
        return ClientRequest.get(uri).header("Cookie", COOKIE + "=" + value);
    }

    // ---- the cookie ----

    @Test
    void aRequestThatNeverTouchesItsSessionSendsNoCookie() {
        var client = serve(app());
        ClientResponse res = client.get("/none");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.headers("Set-Cookie")).isEmpty();
        // Read but not written: an empty new session is not worth a cookie either.
        assertThat(setCookie(client.get("/get"))).isNull();
    }

    @Test
    void theCookieIsHttpOnlySecureLaxForTheWholeSite() {
        var client = serve(app());
        String line = setCookie(client.get("/put?user=ada"));
        assertThat(line).contains("; Path=/").contains("; HttpOnly").contains("; Secure").contains("; SameSite=Lax")
                .contains("; Max-Age=" + Duration.ofHours(12).toSeconds());
    }

    @Test
    void devModeAndTheSettingLeaveSecureOffForLocalHttp() {
        var dev = serve(app(b -> b.dev(true)));
        assertThat(setCookie(dev.get("/put?user=ada"))).doesNotContain("Secure").contains("HttpOnly");
        var plain = serve(app(b -> b.sessionSecure(false)));
        assertThat(setCookie(plain.get("/put?user=ada"))).doesNotContain("Secure");
    }

    @Test
    void valuesComeBackTypedAndAnUnchangedSessionIsNotRewritten() {
        App app = app();
        app.get("/typed/put", req -> {
            req.session().put("id", 42L).put("roles", List.of("admin", "dev")).put("prefs", new Prefs("dark", 3));
            return "ok";
        });
        app.get("/typed/get", req -> {
            Session s = req.session();
            return s.get("id", Long.class) + " " + s.get("roles", List.class) + " " + s.get("prefs", Prefs.class)
                    + " " + s.keys();
        });
        var client = serve(app);
        String cookie = cookieValue(client.get("/typed/put"));
        ClientResponse res = client.send(withCookie("/typed/get", cookie));
        assertThat(res.text()).isEqualTo("42 [admin, dev] Prefs[theme=dark, size=3] [id, roles, prefs]");
        assertThat(setCookie(res)).as("not rewritten when unchanged").isNull();
    }

    /** A value a session keeps as JSON. */
    public record Prefs(String theme, int size) {
    }

    @Test
    void aTamperedCookieIsANewEmptySession() {
        var client = serve(app());
        String cookie = cookieValue(client.get("/put?user=ada"));
        assertThat(client.send(withCookie("/get", cookie)).text()).isEqualTo("ada");
        // Flip one character of the payload: the signature no longer matches.
        char c = cookie.charAt(5);
        String tampered = cookie.substring(0, 5) + (c == 'A' ? 'B' : 'A') + cookie.substring(6);
        ClientResponse res = client.send(withCookie("/get", tampered));
        assertThat(res.text()).isEqualTo("null");
        assertThat(setCookie(res)).as("the useless cookie is deleted").startsWith(COOKIE + "=;").contains("Max-Age=0");
        assertThat(client.send(withCookie("/new", tampered)).text()).isEqualTo("true");
        assertThat(client.send(withCookie("/get", "garbage")).text()).isEqualTo("null");
        assertThat(client.send(withCookie("/get", cookie.substring(0, cookie.indexOf('.')))).text()).isEqualTo("null");
    }

    @Test
    void aCookieSignedWithAnOldKeyIsReadAndReSignedWithTheNewOne() {
        var before = serve(app(b -> b.secrets(Secrets.of(OLD_KEY))));
        String oldCookie = cookieValue(before.get("/put?user=ada"));

        var rotated = serve(app(b -> b.secrets(Secrets.of(KEY, OLD_KEY))));
        ClientResponse res = rotated.send(withCookie("/get", oldCookie));
        assertThat(res.text()).isEqualTo("ada");
        String reSigned = cookieValue(res);
        assertThat(reSigned).isNotEqualTo(oldCookie);

        var retired = serve(app(b -> b.secrets(Secrets.of(KEY))));
        assertThat(retired.send(withCookie("/get", reSigned)).text()).isEqualTo("ada");
        assertThat(retired.send(withCookie("/get", oldCookie)).text()).as("the retired key verifies nothing").isEqualTo("null");
    }

    // ---- expiry ----

    @Test
    void aSessionIdleTooLongIsOverAndSaysSoAtDebug() throws Exception {
        MovableClock clock = new MovableClock();
        App app = app();
        app.clock(clock);
        var client = serve(app);
        String cookie = cookieValue(client.get("/put?user=ada"));
        clock.advance(Duration.ofMinutes(29));
        ClientResponse fresh = client.send(withCookie("/get", cookie));
        assertThat(fresh.text()).isEqualTo("ada");
        // Seen again after 29 minutes: the time of last use is written, so idleness counts from now.
        String touched = cookieValue(fresh);
        clock.advance(Duration.ofMinutes(29));
        assertThat(client.send(withCookie("/get", touched)).text()).isEqualTo("ada");
        clock.advance(Duration.ofMinutes(31));
        try (LogCapture log = LogCapture.of("dev.duet", Level.DEBUG)) {
            ClientResponse expired = client.send(withCookie("/get", touched));
            assertThat(expired.text()).isEqualTo("null");
            assertThat(setCookie(expired)).as("the expired cookie is deleted").contains("Max-Age=0");
            assertThat(log.events(e -> e.getFormattedMessage().contains("expired: idle"))).hasSize(1);
        }
        assertThat(client.send(withCookie("/get", cookie)).text()).as("the first cookie, long idle").isEqualTo("null");
    }

    @Test
    void aSessionOlderThanItsMaxAgeIsOverHoweverBusy() throws Exception {
        MovableClock clock = new MovableClock();
        App app = app(b -> b.sessionMaxAge(Duration.ofHours(1)));
        app.clock(clock);
        var client = serve(app);
        String cookie = cookieValue(client.get("/put?user=ada"));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            ClientResponse res = client.send(withCookie("/get", cookie));
            assertThat(res.text()).isEqualTo("ada");
            if (setCookie(res) != null) cookie = cookieValue(res);
        }
        clock.advance(Duration.ofMinutes(1));
        try (LogCapture log = LogCapture.of("dev.duet", Level.DEBUG)) {
            assertThat(client.send(withCookie("/get", cookie)).text()).isEqualTo("null");
            assertThat(log.events(e -> e.getFormattedMessage().contains("over sessionMaxAge"))).hasSize(1);
        }
    }

    // ---- the cookie limit ----

    private static App bigSession(UnaryOperator<Config.Builder> tune) {
        App app = app(tune);
        app.get("/big", req -> {
            req.session().put("small", "x").put("avatar", "A".repeat(5000)).put("bio", "B".repeat(400));
            return "stored?";
        });
        return app;
    }

    @Test
    void inDevModeASessionOverTheCookieLimitIsA500NamingTheSizeAndTheBiggestValues() {
        var client = serve(bigSession(b -> b.dev(true)));
        ClientResponse res = client.send(ClientRequest.get("/big").accept("application/json"));
        assertThat(res.status()).isEqualTo(500);
        assertThat(String.valueOf(res.jsonMap().get("error")))
                .containsPattern("The session cookie would be \\d{4,} bytes, over the 4096-byte limit")
                .contains("avatar (5002 bytes of JSON), bio (402 bytes of JSON)");
        assertThat(setCookie(res)).isNull();
    }

    @Test
    void inProductionASessionOverTheCookieLimitIsSentUnsavedWithAnErrorLine() throws Exception {
        var client = serve(bigSession(b -> b));
        try (LogCapture log = LogCapture.of("dev.duet", Level.ERROR)) {
            ClientResponse res = client.get("/big");
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.text()).isEqualTo("stored?");
            assertThat(setCookie(res)).isNull();
            assertThat(log.events(e -> e.getFormattedMessage().contains("over the 4096-byte limit")
                    && e.getFormattedMessage().contains("was NOT saved") && e.getLevel() == Level.ERROR)).hasSize(1);
        }
    }

    // ---- rotation and invalidation ----

    @Test
    void rotateGivesANewIdAndKeepsTheValues() {
        var client = serve(app());
        String cookie = cookieValue(client.get("/put?user=ada"));
        String id = client.send(withCookie("/id", cookie)).text();
        ClientResponse rotated = client.send(withCookie("/rotate", cookie));
        assertThat(rotated.text()).isNotEqualTo(id).hasSizeGreaterThanOrEqualTo(32);
        String next = cookieValue(rotated);
        assertThat(client.send(withCookie("/get", next)).text()).isEqualTo("ada");
        assertThat(client.send(withCookie("/id", next)).text()).isEqualTo(rotated.text());
    }

    @Test
    void invalidateDeletesTheCookieAndTheValues() {
        var client = serve(app());
        String cookie = cookieValue(client.get("/put?user=ada"));
        ClientResponse res = client.send(withCookie("/invalidate", cookie));
        assertThat(setCookie(res)).startsWith(COOKIE + "=;").contains("Max-Age=0");
    }

    @Test
    void withAStoreRotationAndInvalidationRevokeTheOldCookie() {
        MemorySessionStore store = new MemorySessionStore();
        App app = app();
        app.sessions(store);
        var client = serve(app);
        String first = cookieValue(client.get("/put?user=ada"));
        assertThat(store.records).hasSize(1);
        assertThat(first).doesNotContain("ada"); // only the signed id travels
        String second = cookieValue(client.send(withCookie("/rotate", first)));
        assertThat(client.send(withCookie("/get", second)).text()).isEqualTo("ada");
        assertThat(client.send(withCookie("/get", first)).text()).as("the rotated-away cookie").isEqualTo("null");
        assertThat(store.records).hasSize(1);

        ClientResponse out = client.send(withCookie("/invalidate", second));
        assertThat(setCookie(out)).contains("Max-Age=0");
        assertThat(store.records).isEmpty();
        assertThat(client.send(withCookie("/get", second)).text()).as("a stolen copy of the invalidated cookie").isEqualTo("null");
    }

    /** A store that can be switched off, as Redis going away and coming back. */
    static final class FlakyStore implements dev.duet.session.SessionStore {
        final MemorySessionStore inner = new MemorySessionStore();
        volatile boolean readsFail;
        volatile boolean savesFail;

        @Override
        public java.util.concurrent.CompletionStage<java.util.Optional<String>> load(String id) {
            if (readsFail) return CompletableFuture.failedFuture(new java.io.IOException("connection refused (test)"));
            return inner.load(id);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> save(String id, String record, Duration timeToLive) {
            if (savesFail) return CompletableFuture.failedFuture(new java.io.IOException("connection reset (test)"));
            return inner.save(id, record, timeToLive);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> delete(String id) {
            return inner.delete(id);
        }
    }

    @Test
    void aFailingStoreLogsOneWarningWhenFailuresStartAndOneInfoWhenItWorksAgain() throws Exception {
        FlakyStore store = new FlakyStore();
        App app = app();
        app.sessions(store);
        var client = serve(app);
        String cookie = cookieValue(client.get("/put?user=ada"));
        try (LogCapture log = LogCapture.of("dev.duet", Level.DEBUG)) {
            store.readsFail = true;
            for (int i = 0; i < 50; i++) {
                ClientResponse res = client.send(withCookie("/get", cookie).accept("application/json"));
                assertThat(res.status()).isEqualTo(503);
                assertThat(res.header("Retry-After")).isEqualTo("1");
            }
            var warnings = log.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
            assertThat(warnings).as("one line when failures start, not one per request").hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("The session store").contains("is failing")
                    .contains("connection refused (test)");
            assertThat(log.events(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.INFO)))
                    .as("no stack traces above DEBUG").isEmpty();
            assertThat(log.events(e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().contains("failed reading the session")))
                    .as("the per-request detail, at DEBUG").hasSize(49);

            store.readsFail = false;
            assertThat(client.send(withCookie("/get", cookie)).text()).isEqualTo("ada");
            assertThat(client.send(withCookie("/get", cookie)).text()).isEqualTo("ada");
            var infos = log.events(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("works again"));
            assertThat(infos).as("one line when it works again").hasSize(1);
            assertThat(infos.get(0).getFormattedMessage()).contains("50 request(s) failed meanwhile");

            // Saves fail the same way, and are told the same way: a new run, one more WARN and one more INFO.
            store.savesFail = true;
            for (int i = 0; i < 10; i++) {
                ClientResponse res = client.send(ClientRequest.get("/put?user=bob").accept("application/json"));
                assertThat(res.status()).isEqualTo(503);
                assertThat(String.valueOf(res.jsonMap().get("error"))).isEqualTo("The session could not be saved; try again shortly");
            }
            store.savesFail = false;
            assertThat(client.get("/put?user=bob").status()).isEqualTo(200);
            assertThat(log.events(e -> e.getLevel().isGreaterOrEqual(Level.WARN))).hasSize(2);
            assertThat(log.events(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("works again"))).hasSize(2);
            assertThat(log.events(e -> e.getThrowableProxy() != null && e.getLevel().isGreaterOrEqual(Level.INFO))).isEmpty();
        }
    }

    @Test
    void anAsyncHandlerReadsAStoredSessionWithoutBlockingAndIsToldWhenItWouldBlock() {
        MemorySessionStore store = new MemorySessionStore();
        App app = app(b -> b.dev(true));
        app.sessions(store);
        app.getAsync("/async/get", req -> req.sessionAsync().thenApply(s -> "async " + s.get("user")));
        app.getAsync("/async/blocking", req -> CompletableFuture.completedFuture(req.session().get("user")));
        var client = serve(app);
        String cookie = cookieValue(client.get("/put?user=ada"));
        assertThat(client.send(withCookie("/async/get", cookie)).text()).isEqualTo("async ada");
        if (harness.threading() == Harness.Threading.EVENT_LOOP) {
            ClientResponse res = client.send(withCookie("/async/blocking", cookie).accept("application/json"));
            assertThat(res.status()).isEqualTo(500);
            assertThat(String.valueOf(res.jsonMap().get("error"))).contains("use req.sessionAsync()");
        }
    }

    @Test
    void aStoreThatNeverAnswersASaveIsA503OnceTheRequestTimeoutPasses() {
        App app = app(b -> b.requestTimeout(Duration.ofMillis(300)));
        app.sessions(new dev.duet.session.SessionStore() {
            @Override
            public java.util.concurrent.CompletionStage<java.util.Optional<String>> load(String id) {
                return CompletableFuture.completedFuture(java.util.Optional.empty());
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> save(String id, String record, Duration timeToLive) {
                return new CompletableFuture<>(); // never answers
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> delete(String id) {
                return CompletableFuture.completedFuture(null);
            }
        });
        var client = serve(app);
        ClientResponse res = client.send(ClientRequest.get("/put?user=ada").accept("application/json"));
        assertThat(res.status()).isEqualTo(503);
        assertThat(res.header("Retry-After")).isEqualTo("1");
        assertThat(String.valueOf(res.jsonMap().get("error"))).isEqualTo("The session could not be saved; try again shortly");
    }

    // ---- secrets ----

    @Test
    void outsideDevModeAnAppThatDeclaresSessionsRefusesToStartWithoutSecrets() {
        App app = App.create(config().build());
        app.sessions(new MemorySessionStore());
        assertThatThrownBy(() -> serve(app)).hasStackTraceContaining("sessions need secret keys outside dev mode")
                .hasStackTraceContaining("DUET_SECRETS");
    }

    @Test
    void outsideDevModeWithoutSecretsUsingTheSessionIsA500SayingHowToSetThem() throws Exception {
        App app = App.create(config().build());
        app.get("/put", req -> req.session().put("a", 1).toString());
        var client = serve(app);
        try (LogCapture log = LogCapture.of("dev.duet", Level.ERROR)) {
            assertThat(client.get("/put").status()).isEqualTo(500);
            assertThat(log.events(e -> e.getThrowableProxy() != null
                    && e.getThrowableProxy().getMessage().contains("DUET_SECRETS"))).isNotEmpty();
        }
    }

    @Test
    void inDevModeWithoutSecretsSessionsWorkOnAPerProcessKey() {
        App app = App.create(config().dev(true).build());
        app.get("/put", req -> req.session().put("a", "dev").toString());
        app.get("/get", req -> req.session().get("a"));
        var client = serve(app);
        String cookie = cookieValue(client.get("/put"));
        assertThat(client.send(withCookie("/get", cookie)).text()).isEqualTo("dev");
    }

    // ---- flash ----

    @Test
    void aFlashSurvivesExactlyOneRedirect() {
        App app = app();
        app.post("/login", req -> {
            req.session().flash("success", "Welcome, Ada").flash("Second");
            return Response.redirect("/home");
        });
        app.get("/home", req -> req.session().flashes().toString());
        var client = serve(app);
        ClientResponse redirect = client.send(ClientRequest.post("/login"));
        assertThat(redirect.status()).isIn(302, 303);
        String cookie = cookieValue(redirect);
        ClientResponse home = client.send(withCookie("/home", cookie));
        assertThat(home.text()).isEqualTo(List.of(new Flash("success", "Welcome, Ada"), new Flash("info", "Second")).toString());
        // Read once: the cookie the page sends back has them no more (an empty session: deleted).
        assertThat(setCookie(home)).contains("Max-Age=0");
        assertThat(cookieValue(home)).isEmpty();
        assertThat(client.send(withCookie("/home", "")).text()).isEqualTo("[]");
    }

    @Test
    void aViewsModelHasTheFlashesToShow() {
        App app = app();
        app.templates(new ResourceTemplates());
        app.post("/save", req -> {
            req.session().put("user", "ada").flash("Saved");
            return Response.redirect("/page");
        });
        app.get("/page", req -> View.of("flashes.html"));
        var client = serve(app);
        String cookie = cookieValue(client.send(ClientRequest.post("/save")));
        ClientResponse page = client.send(withCookie("/page", cookie));
        assertThat(page.text().strip()).isEqualTo("flashes=" + List.of(new Flash("info", "Saved")));
        String after = cookieValue(page);
        assertThat(client.send(withCookie("/page", after)).text().strip()).isEqualTo("flashes=[]");
        assertThat(client.send(withCookie("/get", after)).text()).isEqualTo("ada");
    }
}
