package dev.duet.conformance;

import dev.duet.App;
import dev.duet.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RateLimit} on every core: off unless added, bursts then 429 with {@code Retry-After}
 * rounded up to whole seconds, refills read from the app's clock (moved by the test, never slept
 * on), per client address with {@code X-Forwarded-For} believed only from a trusted proxy, per
 * key, scoped to the app, a group or a route, and a bound on how many clients it remembers.
 */
public abstract class RateLimitSuite extends ConformanceSuite {
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");

    protected RateLimitSuite(Harness harness) {
        super(harness);
    }

    private static ClientRequest get(String uri) {
        return ClientRequest.get(uri).accept("application/json");
    }

    private static ClientRequest from(String forwardedFor) {
        return get("/").header("X-Forwarded-For", forwardedFor);
    }

    private static void assertLimited(ClientResponse res, String retryAfter) {
        assertThat(res.status()).isEqualTo(429);
        assertThat(res.header("Retry-After")).isEqualTo(retryAfter);
        assertThat((String) res.jsonMap().get("error")).startsWith("Too many requests: ")
                .endsWith("try again in " + retryAfter + (retryAfter.equals("1") ? " second" : " seconds"));
    }

    @Test
    void aNewAppHasNoLimit() {
        App app = newApp();
        app.get("/", req -> "ok");
        var client = serve(app);
        for (int i = 0; i < 40; i++) assertThat(client.send(get("/")).status()).isEqualTo(200);
    }

    @Test
    void aClientGetsItsBurstThen429UntilATokenComesBack() {
        var clock = new SessionsSuite.MovableClock();
        App app = newApp().clock(clock);
        app.use(RateLimit.perClient(3, 1, Duration.ofSeconds(10)));
        app.get("/", req -> "ok");
        var client = serve(app);
        for (int i = 0; i < 3; i++) assertThat(client.send(get("/")).status()).as("request %d", i).isEqualTo(200);
        var refused = client.send(get("/"));
        assertLimited(refused, "10");
        assertThat((String) refused.jsonMap().get("error")).contains("this client may make 3 at once and 1 more every 10s");
        clock.advance(Duration.ofSeconds(9));
        assertLimited(client.send(get("/")), "1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.send(get("/")).status()).isEqualTo(200);
        // a refused request took nothing, and the bucket had only the one token back
        assertLimited(client.send(get("/")), "10");
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) assertThat(client.send(get("/")).status()).as("refilled %d", i).isEqualTo(200);
        assertLimited(client.send(get("/")), "10");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        var clock = new SessionsSuite.MovableClock();
        App app = newApp().clock(clock);
        app.use(RateLimit.perClient(1, 2, Duration.ofSeconds(3))); // a token every 1.5 s
        app.get("/", req -> "ok");
        var client = serve(app);
        assertThat(client.send(get("/")).status()).isEqualTo(200);
        assertLimited(client.send(get("/")), "2");
        clock.advance(Duration.ofMillis(499));
        assertLimited(client.send(get("/")), "2");
        clock.advance(Duration.ofMillis(1));
        assertLimited(client.send(get("/")), "1");
        clock.advance(Duration.ofMillis(999));
        assertLimited(client.send(get("/")), "1");
        clock.advance(Duration.ofMillis(1));
        assertThat(client.send(get("/")).status()).isEqualTo(200);
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerGetsNoFreshBucket() {
        App app = newApp().clock(new SessionsSuite.MovableClock());
        app.use(RateLimit.perClient(1, 1, Duration.ofMinutes(1)));
        app.get("/", req -> req.clientIp());
        var client = serve(app);
        assertThat(client.send(get("/")).status()).isEqualTo(200);
        assertLimited(client.send(from("203.0.113.7")), "60");
        assertLimited(client.send(from("198.51.100.1, 203.0.113.8")), "60");
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        App app = newApp(c -> c.trustedProxies(LOOPBACK)).clock(new SessionsSuite.MovableClock());
        app.use(RateLimit.perClient(1, 1, Duration.ofMinutes(1)));
        app.get("/", req -> req.clientIp());
        var client = serve(app);
        var first = client.send(from("203.0.113.7"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).isEqualTo("203.0.113.7");
        assertLimited(client.send(from("203.0.113.7")), "60");
        // the client cannot escape by prepending a hop of its own: the last untrusted hop counts
        assertLimited(client.send(from("10.9.9.9, 203.0.113.7")), "60");
        assertThat(client.send(from("198.51.100.1")).status()).isEqualTo(200);
    }

    @Test
    void perKeyLimitsEachKeyAloneAndARequestWithoutOneNotAtAll() {
        App app = newApp().clock(new SessionsSuite.MovableClock());
        app.use(RateLimit.perKey(req -> req.header("X-Api-Key"), 2, 1, Duration.ofSeconds(30)));
        app.get("/", req -> "ok");
        var client = serve(app);
        for (int i = 0; i < 2; i++) assertThat(client.send(get("/").header("X-Api-Key", "alpha")).status()).isEqualTo(200);
        var refused = client.send(get("/").header("X-Api-Key", "alpha"));
        assertLimited(refused, "30");
        assertThat((String) refused.jsonMap().get("error")).contains("this key may make 2 at once").doesNotContain("alpha");
        assertThat(client.send(get("/").header("X-Api-Key", "beta")).status()).isEqualTo(200);
        for (int i = 0; i < 10; i++) assertThat(client.send(get("/")).status()).isEqualTo(200);
    }

    @Test
    void aLimitAppliesWhereItIsUsedAndOneInstanceSharesItsBuckets() {
        App app = newApp().clock(new SessionsSuite.MovableClock());
        app.group("/api", api -> {
            api.use(RateLimit.perClient(1, 1, Duration.ofSeconds(5)));
            api.get("/a", req -> "a");
            api.get("/b", req -> "b");
        });
        RateLimit logins = RateLimit.perClient(2, 1, Duration.ofMinutes(1));
        app.get("/login", req -> "in").use(logins);
        app.get("/reset", req -> "reset").use(logins);
        app.get("/free", req -> "free");
        var client = serve(app);
        assertThat(client.send(get("/api/a")).status()).isEqualTo(200);
        assertLimited(client.send(get("/api/b")), "5");
        assertThat(client.send(get("/login")).status()).isEqualTo(200);
        assertThat(client.send(get("/reset")).status()).isEqualTo(200);
        assertLimited(client.send(get("/login")), "60");
        for (int i = 0; i < 10; i++) assertThat(client.send(get("/free")).status()).isEqualTo(200);
    }

    @Test
    void anAsyncRouteIsLimitedLikeABlockingOne() {
        App app = newApp().clock(new SessionsSuite.MovableClock());
        app.use(RateLimit.perClient(2, 1, Duration.ofSeconds(4)));
        app.getAsync("/async", req -> CompletableFuture.completedFuture("pong"));
        var client = serve(app);
        assertThat(client.send(get("/async")).text()).isEqualTo("pong");
        assertThat(client.send(get("/async")).text()).isEqualTo("pong");
        assertLimited(client.send(get("/async")), "4");
    }

    @Test
    void aFloodOfDistinctAddressesCannotGrowTheStorePastItsBound() {
        App app = newApp(c -> c.trustedProxies(LOOPBACK)).clock(new SessionsSuite.MovableClock());
        app.use(RateLimit.perClient(1, 1, Duration.ofHours(1)).store(RateLimit.inMemory(3)));
        app.get("/", req -> "ok");
        var client = serve(app);
        assertThat(client.send(from("192.0.2.1")).status()).isEqualTo(200);
        assertLimited(client.send(from("192.0.2.1")), "3600");
        for (int i = 0; i < 200; i++) {
            assertThat(client.send(from("10.0." + (i / 250) + "." + (i % 250))).status()).isEqualTo(200);
        }
        // only the 3 most recent are remembered: they are still limited, everyone before is forgotten
        for (int i = 197; i < 200; i++) assertLimited(client.send(from("10.0.0." + i)), "3600");
        assertThat(client.send(from("192.0.2.1")).status()).isEqualTo(200);
    }
}
