package dev.duet.redis;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Secrets;
import dev.duet.conformance.ClientRequest;
import dev.duet.conformance.ClientResponse;
import dev.duet.conformance.Harness;
import dev.duet.conformance.InProcessHarness;
import dev.duet.conformance.LogCapture;
import ch.qos.logback.classic.Level;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis store against the real Redis on 127.0.0.1:6379: revocation, expiry by Redis's own
 * TTL, rotation, and concurrent requests of one session. Each test uses its own key prefix.
 */
class RedisSessionStoreTest {
    /** Where the app runs: in-process here, on Netty in {@link NettyRedisSessionStoreTest}. */
    Harness harness() {
        return new InProcessHarness();
    }

    static final String REDIS = "redis://127.0.0.1:6379";
    private static final String KEY = "r".repeat(16) + "-redis-test-signing-key-000";

    private final String prefix = "duet-test:" + UUID.randomUUID() + ":";
    private RedisClient admin;
    private StatefulRedisConnection<String, String> adminConnection;
    private RedisCommands<String, String> redis;
    private RedisSessionStore store;
    private final List<Harness.Client> clients = new ArrayList<>();

    @BeforeEach
    void connect() {
        admin = RedisClient.create(REDIS);
        adminConnection = admin.connect();
        redis = adminConnection.sync();
        store = RedisSessionStore.connect(REDIS, prefix);
    }

    @AfterEach
    void cleanUp() {
        clients.forEach(Harness.Client::close);
        List<String> keys = redis.keys(prefix + "*");
        if (!keys.isEmpty()) redis.del(keys.toArray(String[]::new));
        store.close();
        adminConnection.close();
        admin.shutdown();
    }

    private Harness.Client serve(UnaryOperator<Config.Builder> tune) {
        App app = App.create(tune.apply(Config.builder().host("127.0.0.1").port(0).secrets(Secrets.of(KEY))).build());
        app.sessions(store);
        app.get("/login", req -> {
            req.session().rotate();
            req.session().put("user", req.query("user"));
            return req.session().id();
        });
        app.get("/me", req -> String.valueOf(req.session().get("user")));
        app.getAsync("/me-async", req -> req.sessionAsync().thenApply(s -> "async " + s.get("user")));
        app.get("/logout", req -> {
            req.session().invalidate();
            return "bye";
        });
        Harness.Client client = harness().start(app);
        clients.add(client);
        return client;
    }

    private static String cookie(ClientResponse res) {
        String line = res.headers("Set-Cookie").stream().filter(h -> h.startsWith("duet_session=")).findFirst().orElseThrow();
        return line.substring("duet_session=".length(), line.indexOf(';'));
    }

    private static ClientRequest with(String uri, String cookie) {
        return ClientRequest.get(uri).header("Cookie", "duet_session=" + cookie);
    }

    @Test
    void theSessionLivesInRedisAndTheCookieHoldsOnlyTheSignedId() {
        var client = serve(b -> b);
        ClientResponse login = client.get("/login?user=ada");
        String id = login.text();
        String cookie = cookie(login);
        assertThat(cookie).startsWith(id + ".").doesNotContain("ada");
        assertThat(redis.get(prefix + id)).contains("\"user\":\"ada\"");
        assertThat(client.send(with("/me", cookie)).text()).isEqualTo("ada");
        assertThat(client.send(with("/me-async", cookie)).text()).isEqualTo("async ada");
    }

    @Test
    void invalidateDeletesTheKeySoAStolenCookieDoesNothing() {
        var client = serve(b -> b);
        ClientResponse login = client.get("/login?user=ada");
        String stolen = cookie(login);
        ClientResponse out = client.send(with("/logout", stolen));
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        assertThat(redis.exists(prefix + login.text())).isZero();
        assertThat(client.send(with("/me", stolen)).text()).isEqualTo("null");
    }

    @Test
    void deletingTheKeyRevokesTheSession() {
        var client = serve(b -> b);
        ClientResponse login = client.get("/login?user=ada");
        redis.del(prefix + login.text());
        assertThat(client.send(with("/me", cookie(login))).text()).isEqualTo("null");
    }

    @Test
    void rotationAtLoginDeletesTheRecordOfTheOldId() {
        var client = serve(b -> b);
        ClientResponse first = client.get("/login?user=ada");
        ClientResponse second = client.send(with("/login?user=bob", cookie(first)));
        assertThat(second.text()).isNotEqualTo(first.text());
        assertThat(redis.exists(prefix + first.text())).isZero();
        assertThat(client.send(with("/me", cookie(first))).text()).isEqualTo("null");
        assertThat(client.send(with("/me", cookie(second))).text()).isEqualTo("bob");
    }

    @Test
    void redisExpiresTheKeyAfterTheIdleTimeout() throws Exception {
        var client = serve(b -> b.sessionIdleTimeout(Duration.ofMinutes(30)));
        ClientResponse login = client.get("/login?user=ada");
        long ttl = redis.pttl(prefix + login.text());
        assertThat(ttl).isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());

        var quick = serve(b -> b.sessionIdleTimeout(Duration.ofMillis(300)));
        ClientResponse shortLived = quick.get("/login?user=ada");
        // Redis's own timer removes it: waited for (bounded), not slept past.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (redis.exists(prefix + shortLived.text()) > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(redis.exists(prefix + shortLived.text())).as("expired by Redis").isZero();
        assertThat(quick.send(with("/me", cookie(shortLived))).text()).isEqualTo("null");
    }

    @Test
    void concurrentRequestsOfOneSessionAllReadIt() {
        var client = serve(b -> b);
        String cookie = cookie(client.get("/login?user=ada"));
        List<CompletableFuture<ClientResponse>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) all.add(client.sendAsync(with(i % 2 == 0 ? "/me" : "/me-async", cookie)));
        for (int i = 0; i < 50; i++) {
            assertThat(all.get(i).join().text()).isEqualTo(i % 2 == 0 ? "ada" : "async ada");
        }
    }

    @Test
    void aStoreThatCannotBeReadIsA503AndOneWarningLine() throws Exception {
        var client = serve(b -> b);
        String cookie = cookie(client.get("/login?user=ada"));
        store.close(); // Redis gone, as far as the app can tell
        try (LogCapture log = LogCapture.of("dev.duet", Level.WARN)) {
            ClientResponse res = client.send(with("/me", cookie).accept("application/json"));
            assertThat(res.status()).isEqualTo(503);
            assertThat(res.header("Retry-After")).isEqualTo("1");
            assertThat(String.valueOf(res.jsonMap().get("error"))).isEqualTo("The session store could not be read; try again shortly");
            ClientResponse async = client.send(with("/me-async", cookie).accept("application/json"));
            assertThat(async.status()).isEqualTo(503);
            // One line for the outage, not one per request (nor a stack trace): see FailureLog.
            assertThat(log.events()).hasSize(1);
            assertThat(log.events().get(0).getFormattedMessage()).startsWith("The session store RedisSessionStore").contains("is failing");
            assertThat(log.events().get(0).getThrowableProxy()).isNull();
        }
        store = RedisSessionStore.connect(REDIS, prefix); // for cleanUp
    }

    @Test
    void connectingToNoRedisFailsSayingWhere() {
        assertThatThrownBy(() -> RedisSessionStore.connect("redis://127.0.0.1:1"))
                .hasMessageContaining("could not connect to Redis at redis://127.0.0.1:1 for sessions");
    }
}
