package dev.duet.redis;

import dev.duet.HttpError;
import dev.duet.RateLimit;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rate-limit buckets kept in Redis, so that every server of an app shares one limit: a
 * {@link RateLimit.Store} for {@link RateLimit#store}.
 *
 * <pre>{@code
 * RedisRateLimitStore buckets = RedisRateLimitStore.connect("redis://127.0.0.1:6379", "myapp:login:");
 * app.post("/login", login).use(RateLimit.perClient(5, 5, Duration.ofMinutes(15)).store(buckets));
 * app.onStop(buckets::close);
 * }</pre>
 *
 * <p>Each bucket is one Redis key ({@code <prefix><key>}) holding one number, the time at which
 * the bucket will be full again (the same GCRA token bucket as the in-memory store). One Lua
 * script reads it, decides and writes it, so a take is atomic however many servers share the key;
 * the script is sent by its SHA-1 ({@code EVALSHA}), and in full only when Redis does not have it
 * yet. The key expires when its bucket is full, which is when forgetting it changes nothing, so
 * Redis holds only the keys of clients who used some of their burst recently.
 *
 * <h2>Time and clock skew</h2>
 * The time is the app's clock ({@link dev.duet.App#clock}), passed in by {@link RateLimit}, not
 * Redis's {@code TIME}: tests with a fixed clock then drive a shared store as they drive the
 * in-memory one, and the same limit behaves the same in both stores. The cost is that servers
 * whose clocks differ by δ read the same bucket δ apart: a server ahead sees up to δ's worth of
 * refill more (for 5 requests a second and NTP's few milliseconds of skew, not even one request),
 * one behind sees less, and no server can push a bucket's time backwards (the script keeps the later
 * of the stored time and now). Times are whole microseconds (Lua's numbers are doubles, exact to
 * 2^53); a limit refilling faster than one request per microsecond per key is rounded to that.
 *
 * <h2>When Redis is down</h2>
 * A take that cannot reach Redis within {@link #timeout()} (1 s unless set) follows
 * {@link WhenDown}: by default {@link WhenDown#ALLOW} (fail open: the request passes, and a warning
 * is logged once per outage), so that an outage of the limiter is not an outage of the app; or
 * {@link WhenDown#REFUSE} (fail closed: {@code 503} with {@code Retry-After: 1} and a message
 * naming this setting), for limits that guard something (logins, password resets) more than
 * they ration it.
 *
 * <p>A store keeps one set of buckets; give each {@link RateLimit} its own prefix
 * ({@link #withPrefix}), as a key such as a client's address is the same in every limit.
 */
public final class RedisRateLimitStore implements RateLimit.Store, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimitStore.class);

    /** The prefix of every key, unless another is given. */
    public static final String DEFAULT_PREFIX = "duet:ratelimit:";
    /** How long a take waits for Redis before Redis counts as down, unless another is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** What a take does when Redis cannot be reached in time. */
    public enum WhenDown {
        /** Fail open: the request passes unlimited, and a warning is logged once per outage (the default). */
        ALLOW,
        /** Fail closed: the request gets {@code 503 Service Unavailable} with {@code Retry-After: 1}. */
        REFUSE
    }

    /*
     * GCRA in one step. KEYS[1]: the bucket. ARGV: now, the time one token takes, the burst
     * (capacity x that), all in microseconds. The stored value is when the bucket is full again;
     * a take moves it one token later, unless that would be more than the burst ahead of now. Returns
     * 0 when a token was taken, else the wait in microseconds. The key lives until the bucket is full.
     */
    static final String SCRIPT = """
            local now = tonumber(ARGV[1])
            local step = tonumber(ARGV[2])
            local burst = tonumber(ARGV[3])
            local full = tonumber(redis.call('GET', KEYS[1]) or '0')
            if full < now then full = now end
            local next = full + step
            if next - now > burst then return next - now - burst end
            redis.call('SET', KEYS[1], string.format('%.0f', next), 'PX', math.ceil((next - now) / 1000))
            return 0
            """;

    private final Connection shared;
    private final String prefix;
    private final WhenDown whenDown;
    private final Duration timeout;

    /** The connection and what it owns, shared by the stores {@link #withPrefix} and the other withs make. */
    private record Connection(RedisClient client, StatefulRedisConnection<String, String> connection,
                              RedisAsyncCommands<String, String> commands, String digest, String where,
                              AtomicBoolean down) {
    }

    private RedisRateLimitStore(Connection shared, String prefix, WhenDown whenDown, Duration timeout) {
        this.shared = shared;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.whenDown = Objects.requireNonNull(whenDown, "whenDown");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }

    /** A store on the Redis at {@code uri} ({@code redis://host:port/db}), connected now, with the {@link #DEFAULT_PREFIX}; fails if Redis is not there. */
    public static RedisRateLimitStore connect(String uri) {
        return connect(uri, DEFAULT_PREFIX);
    }

    /**
     * A store on the Redis at {@code uri}, its keys starting with {@code prefix}; fails if Redis is
     * not there now. While the connection is lost, takes fail at once (and follow {@link WhenDown})
     * rather than queue until it comes back.
     */
    public static RedisRateLimitStore connect(String uri, String prefix) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(DEFAULT_TIMEOUT))
                .build());
        try {
            return new RedisRateLimitStore(connection(client, client.connect(), uri), prefix, WhenDown.ALLOW, DEFAULT_TIMEOUT);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("could not connect to Redis at " + uri + " for rate limits: " + e.getMessage(), e);
        }
    }

    /** A store on a connection the app already has (it stays the app's to close), its keys starting with {@code prefix}. */
    public static RedisRateLimitStore on(StatefulRedisConnection<String, String> connection, String prefix) {
        return new RedisRateLimitStore(connection(null, connection, "the app's connection"), prefix, WhenDown.ALLOW, DEFAULT_TIMEOUT);
    }

    private static Connection connection(RedisClient client, StatefulRedisConnection<String, String> c, String where) {
        RedisAsyncCommands<String, String> commands = c.async();
        return new Connection(client, c, commands, commands.digest(SCRIPT), where, new AtomicBoolean());
    }

    /** This store on the same connection, its keys starting with {@code prefix} instead: one per limit. */
    public RedisRateLimitStore withPrefix(String prefix) {
        return new RedisRateLimitStore(shared, prefix, whenDown, timeout);
    }

    /** This store on the same connection and keys, doing {@code whenDown} when Redis cannot be reached. */
    public RedisRateLimitStore whenDown(WhenDown whenDown) {
        return new RedisRateLimitStore(shared, prefix, whenDown, timeout);
    }

    /** This store on the same connection and keys, waiting at most {@code timeout} for Redis (1 s by default). */
    public RedisRateLimitStore timeout(Duration timeout) {
        return new RedisRateLimitStore(shared, prefix, whenDown, timeout);
    }

    /** What a take does when Redis cannot be reached. */
    public WhenDown whenDown() {
        return whenDown;
    }

    /** How long a take waits for Redis. */
    public Duration timeout() {
        return timeout;
    }

    /** The Redis key of {@code key}'s bucket. */
    public String redisKey(String key) {
        return prefix + key;
    }

    /** Takes one token from {@code key}'s bucket in Redis, atomically; blocks for at most {@link #timeout()}. */
    @Override
    public Duration take(String key, RateLimit.Limit limit, Instant now) {
        long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        long step = Math.max(1, limit.nanosPerToken() / 1_000);
        String[] keys = {redisKey(key)};
        String[] args = {Long.toString(micros), Long.toString(step), Long.toString(Math.multiplyExact(step, limit.capacity()))};
        long wait;
        try {
            wait = run(keys, args);
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            return unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting for Redis");
        }
        if (shared.down().compareAndSet(true, false)) log.info("Redis at {} answers rate-limit takes again", shared.where());
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos(Math.multiplyExact(wait, 1_000L));
    }

    private long run(String[] keys, String[] args) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Long wait = shared.commands().<Long>evalsha(shared.digest(), ScriptOutputType.INTEGER, keys, args)
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return wait;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) throw e;
        }
        // A Redis that has not seen the script yet (a restart, a SCRIPT FLUSH): send it whole, which also loads it.
        Long wait = shared.commands().<Long>eval(SCRIPT, ScriptOutputType.INTEGER, keys, args)
                .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return wait;
    }

    private Duration unreachable(Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        String why = e instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms" : String.valueOf(cause.getMessage());
        if (shared.down().compareAndSet(false, true)) {
            log.warn("Redis at {} is unreachable for rate limits ({}); until it is back, requests are {}", shared.where(), why,
                    whenDown == WhenDown.ALLOW ? "let through unlimited (WhenDown.ALLOW)" : "refused with 503 (WhenDown.REFUSE)", cause);
        }
        if (whenDown == WhenDown.ALLOW) return Duration.ZERO;
        throw HttpError.unavailable("The rate limit cannot be checked: Redis is unreachable (" + why
                + "); this limit refuses requests meanwhile (RedisRateLimitStore.whenDown(REFUSE))", 1);
    }

    /** Closes the connection, and the client if this store made it (for every store sharing them). */
    @Override
    public void close() {
        if (shared.client() == null) return;
        shared.connection().close();
        shared.client().shutdown();
    }

    @Override
    public String toString() {
        return "RedisRateLimitStore[" + prefix + "*, " + whenDown + "]";
    }
}
