package dev.duet.redis;

import dev.duet.session.SessionStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions kept in Redis, one string key per session ({@code duet:session:<id>}) that Redis itself
 * expires after the session's idle timeout (renewed on every save, and never past the session's
 * absolute age): the browser holds only the signed id, so {@code session.invalidate()}, or an
 * operator deleting the key, ends the session for whoever holds a copy of the cookie.
 *
 * <pre>{@code
 * RedisSessionStore store = RedisSessionStore.connect("redis://127.0.0.1:6379");
 * app.sessions(store);
 * app.onStop(store::close);
 * }</pre>
 *
 * <p>It talks to Redis with Lettuce's asynchronous commands, over one shared connection that
 * pipelines every request's commands: nothing waits on a thread, so an async handler's
 * {@code req.sessionAsync()} and the save after its response keep the event loop free. Their
 * continuations run on Lettuce's I/O thread; as on any event loop, do not block in them.
 *
 * <p>Two requests of one session that both change it race: the later save wins, as with the
 * cookie store.
 *
 * <h2>When Redis is down</h2>
 * A store made by {@link #connect} fails a command at once while its connection is lost, and one
 * that gets no answer within its timeout ({@link #DEFAULT_TIMEOUT} unless given), instead of
 * queueing it until Redis returns (Lettuce's default, which held every request that has a session
 * for up to a minute). A request whose session cannot be read or saved then gets Duet's 503 with
 * {@code Retry-After: 1}; requests without a session cookie that leave the session untouched are
 * served as usual. The outage is logged once when it starts and once when it ends. Lettuce
 * reconnects by itself, trying at least every {@link #MAX_RECONNECT_DELAY}, so sessions are
 * served again within about that of Redis's return (a Redis restarted without persistence has
 * forgotten them: their holders start new ones).
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);

    /** The prefix of every key, unless another is given. */
    public static final String DEFAULT_PREFIX = "duet:session:";
    /** How long a command waits for Redis before it fails, unless another is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** The longest pause between reconnection attempts of a store made by {@link #connect}. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final RedisClient client; // null when the connection is the caller's
    private final ClientResources resources; // null when the connection is the caller's
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final String prefix;
    private final long timeoutMillis;
    private final String where;
    /**
     * Even while Redis answers, odd while it does not; each change adds one. A command's outcome
     * moves it only from the phase the command was sent in: a late answer (or failure) of a command
     * sent before the last change says nothing about Redis now.
     */
    private final AtomicLong phase = new AtomicLong();

    private RedisSessionStore(RedisClient client, ClientResources resources, StatefulRedisConnection<String, String> connection,
                              String prefix, Duration timeout, String where) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = connection.async();
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        this.timeoutMillis = timeout.toMillis();
        this.where = where;
    }

    /** A store on the Redis at {@code uri} ({@code redis://host:port/db}), connected now; fails if Redis is not there. */
    public static RedisSessionStore connect(String uri) {
        return connect(uri, DEFAULT_PREFIX);
    }

    /** A store on the Redis at {@code uri}, its keys starting with {@code prefix} (apps sharing a Redis each take one). */
    public static RedisSessionStore connect(String uri, String prefix) {
        return connect(uri, prefix, DEFAULT_TIMEOUT);
    }

    /**
     * A store on the Redis at {@code uri}, its keys starting with {@code prefix}, whose commands fail
     * after {@code timeout} without an answer (and at once while the connection is lost):
     * {@code RedisSessionStore.connect("redis://10.0.0.5:6379", "shop:session:", Duration.ofMillis(300))}.
     */
    public static RedisSessionStore connect(String uri, String prefix, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        // Reconnects back off to MAX_RECONNECT_DELAY at most, not Lettuce's 30 s: sessions are back
        // within a second of Redis, whatever the outage's length.
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        try {
            return new RedisSessionStore(client, resources, client.connect(), prefix, timeout, describe(uri));
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new IllegalStateException("could not connect to Redis at " + uri + " for sessions: " + e.getMessage(), e);
        }
    }

    /** A store on a connection the app already has (it stays the app's to close, with its own options), its keys starting with {@code prefix}. */
    public static RedisSessionStore on(StatefulRedisConnection<String, String> connection, String prefix) {
        return new RedisSessionStore(null, null, connection, prefix, DEFAULT_TIMEOUT, "the app's connection");
    }

    /** host:port/db of {@code uri}, never its password. */
    private static String describe(String uri) {
        try {
            RedisURI u = RedisURI.create(uri);
            return u.getHost() + ":" + u.getPort() + "/" + u.getDatabase();
        } catch (RuntimeException e) {
            return "(an invalid Redis URI)";
        }
    }

    /** The Redis key of session {@code id}. */
    public String key(String id) {
        return prefix + id;
    }

    @Override
    public CompletionStage<Optional<String>> load(String id) {
        return watched(commands.get(key(id))).thenApply(Optional::ofNullable);
    }

    @Override
    public CompletionStage<Void> save(String id, String record, Duration timeToLive) {
        long ms = Math.max(1, timeToLive.toMillis());
        return watched(commands.set(key(id), record, SetArgs.Builder.px(ms))).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        return watched(commands.del(key(id))).thenApply(n -> null);
    }

    /**
     * {@code command} failing after the timeout (also on a connection that is not the store's own,
     * whose options are the app's), and noting when Redis stops and starts answering.
     */
    private <T> CompletionStage<T> watched(CompletionStage<T> command) {
        long sentIn = phase.get();
        boolean sentWhileDown = (sentIn & 1) == 1;
        return command.toCompletableFuture().copy().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e == null) {
                // Only a command sent during the outage says Redis is back: one sent before it can
                // still succeed after it was noticed (it was on the wire).
                if (sentWhileDown && phase.compareAndSet(sentIn, sentIn + 1)) {
                    log.info("Redis at {} answers session commands again", where);
                }
            } else if (!sentWhileDown && phase.compareAndSet(sentIn, sentIn + 1)) {
                // (A command sent during an outage that fails after Redis came back starts no new one.)
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                log.warn("Redis at {} is unreachable for sessions ({}); requests whose session must be read or saved get 503"
                        + " until it answers again", where, cause instanceof java.util.concurrent.TimeoutException
                        ? "no answer within " + timeoutMillis + " ms" : String.valueOf(cause.getMessage()));
            }
        });
    }

    /** Closes the connection, and the client if this store made it. */
    @Override
    public void close() {
        if (client == null) return;
        connection.close();
        client.shutdown();
        if (resources != null) resources.shutdown();
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + prefix + "*]";
    }
}
