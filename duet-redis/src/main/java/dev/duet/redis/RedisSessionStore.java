package dev.duet.redis;

import dev.duet.session.SessionStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {
    /** The prefix of every key, unless another is given. */
    public static final String DEFAULT_PREFIX = "duet:session:";

    private final RedisClient client; // null when the connection is the caller's
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final String prefix;

    private RedisSessionStore(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix) {
        this.client = client;
        this.connection = connection;
        this.commands = connection.async();
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** A store on the Redis at {@code uri} ({@code redis://host:port/db}), connected now; fails if Redis is not there. */
    public static RedisSessionStore connect(String uri) {
        return connect(uri, DEFAULT_PREFIX);
    }

    /** A store on the Redis at {@code uri}, its keys starting with {@code prefix} (apps sharing a Redis each take one). */
    public static RedisSessionStore connect(String uri, String prefix) {
        RedisClient client = RedisClient.create(uri);
        try {
            return new RedisSessionStore(client, client.connect(), prefix);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("could not connect to Redis at " + uri + " for sessions: " + e.getMessage(), e);
        }
    }

    /** A store on a connection the app already has (it stays the app's to close), its keys starting with {@code prefix}. */
    public static RedisSessionStore on(StatefulRedisConnection<String, String> connection, String prefix) {
        return new RedisSessionStore(null, connection, prefix);
    }

    /** The Redis key of session {@code id}. */
    public String key(String id) {
        return prefix + id;
    }

    @Override
    public CompletionStage<Optional<String>> load(String id) {
        return commands.get(key(id)).thenApply(Optional::ofNullable);
    }

    @Override
    public CompletionStage<Void> save(String id, String record, Duration timeToLive) {
        long ms = Math.max(1, timeToLive.toMillis());
        return commands.set(key(id), record, SetArgs.Builder.px(ms)).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        return commands.del(key(id)).thenApply(n -> null);
    }

    /** Closes the connection, and the client if this store made it. */
    @Override
    public void close() {
        if (client == null) return;
        connection.close();
        client.shutdown();
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + prefix + "*]";
    }
}
