package dev.duet;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Rate limiting as ready-made {@link Middleware}: each client (or each key) has a bucket of
 * {@code capacity} requests that refills at a steady rate; a request finding the bucket empty gets
 * {@code 429 Too Many Requests} with {@code Retry-After} (whole seconds, rounded up). Off unless you
 * add one; add it where it should apply, with {@code use}: on the app, on a group, or on a route.
 * One instance keeps one set of buckets, so the same instance on two routes limits them together.
 *
 * <pre>{@code
 * // each client: bursts of 10, then 1 request a second
 * app.use(RateLimit.perClient(10, 1, Duration.ofSeconds(1)));
 * // each API key: 100 requests a minute, on one group only
 * app.group("/api", api -> api.use(RateLimit.perKey(req -> req.header("X-Api-Key"), 100, 100, Duration.ofMinutes(1))));
 * }</pre>
 *
 * <p>Time comes from the app's clock ({@link App#clock(java.time.Clock)}). Buckets live in memory,
 * at most {@value #DEFAULT_MAX_KEYS} keys unless a {@link #store(Store)} with another bound is given;
 * a {@link Store} elsewhere (Redis, say) lets several servers share the limit.
 */
public final class RateLimit implements Middleware {
    /** How many keys the default in-memory store keeps before it forgets the least recently seen. */
    public static final int DEFAULT_MAX_KEYS = 100_000;
    private static final Duration MAX_FULL_REFILL = Duration.ofDays(36_500);

    private final Function<Request, String> key;
    private final String whose;
    private final Limit limit;
    private final Store store;

    private RateLimit(Function<Request, String> key, String whose, Limit limit, Store store) {
        this.key = key;
        this.whose = whose;
        this.limit = limit;
        this.store = store;
    }

    /**
     * A limit per client address ({@link Request#clientIp()}, which believes {@code X-Forwarded-For}
     * only from a trusted proxy): bursts of {@code capacity} requests, refilled by {@code refill}
     * requests every {@code per}.
     */
    public static RateLimit perClient(int capacity, int refill, Duration per) {
        return new RateLimit(Request::clientIp, "this client", new Limit(capacity, refill, per), inMemory(DEFAULT_MAX_KEYS));
    }

    /**
     * A limit per key, {@code key} of the request (an API key, a user id): bursts of {@code capacity}
     * requests, refilled by {@code refill} requests every {@code per}. A request whose key is
     * {@code null} is not limited by this instance (so put a per-client limit beside it if a missing
     * key must not mean unlimited).
     */
    public static RateLimit perKey(Function<Request, String> key, int capacity, int refill, Duration per) {
        return new RateLimit(Objects.requireNonNull(key, "key"), "this key", new Limit(capacity, refill, per), inMemory(DEFAULT_MAX_KEYS));
    }

    /** This limit, keeping its buckets in {@code store} instead of its own in-memory store. */
    public RateLimit store(Store store) {
        return new RateLimit(key, whose, limit, Objects.requireNonNull(store, "store"));
    }

    /** The capacity and refill rate of each bucket. */
    public Limit limit() {
        return limit;
    }

    @Override
    public Response handle(Request req, Next next) throws Exception {
        String k = key.apply(req);
        if (k == null) return next.proceed();
        Duration wait = store.take(k, limit, req.app().clock().instant());
        if (wait.isZero() || wait.isNegative()) return next.proceed();
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        throw new HttpError(429, "Too many requests: " + whose + " may make " + limit.capacity() + " at once and "
                + limit.refill() + " more every " + describe(limit.per()) + "; try again in " + seconds
                + (seconds == 1 ? " second" : " seconds"), Map.of("Retry-After", Long.toString(seconds)), null);
    }

    private static String describe(Duration d) {
        if (d.toNanosPart() == 0 && d.toSeconds() % 60 != 0) return d.toSeconds() + "s";
        if (d.toNanosPart() == 0 && d.toSeconds() % 3600 != 0) return d.toMinutes() + "min";
        if (d.toNanosPart() == 0) return d.toHours() + "h";
        return d.toMillis() + "ms";
    }

    /** An in-memory store of at most {@code maxKeys} buckets; buckets that have refilled are dropped first. */
    public static Store inMemory(int maxKeys) {
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        return new MemoryStore(maxKeys);
    }

    /**
     * A bucket's size and refill rate: up to {@code capacity} requests at once, {@code refill} more
     * every {@code per}.
     *
     * <pre>{@code
     * new RateLimit.Limit(20, 5, Duration.ofSeconds(1))   // bursts of 20, 5 a second after that
     * }</pre>
     *
     * @param capacity the most requests a full bucket lets through at once (at least 1)
     * @param refill   how many requests come back every {@code per} (at least 1)
     * @param per      the refill period (positive)
     */
    public record Limit(int capacity, int refill, Duration per) {
        /** Checks the values. */
        public Limit {
            if (capacity < 1) throw new IllegalArgumentException("rate limit capacity must be at least 1, got " + capacity);
            if (refill < 1) throw new IllegalArgumentException("rate limit refill must be at least 1, got " + refill);
            Objects.requireNonNull(per, "per");
            if (per.isZero() || per.isNegative()) throw new IllegalArgumentException("rate limit period must be positive, got " + per);
            if (per.toNanos() / refill < 1) throw new IllegalArgumentException("rate limit refill of " + refill + " every " + per + " is finer than a nanosecond");
            // bounds the nanosecond arithmetic of the store (now + a full refill must fit in a long)
            if (per.toNanos() / refill > MAX_FULL_REFILL.toNanos() / capacity) {
                throw new IllegalArgumentException("rate limit of " + capacity + " refilling " + refill + " every " + per
                        + " takes over " + MAX_FULL_REFILL.toDays() + " days to refill");
            }
        }

        /** The time one request's token takes to come back, in nanoseconds. */
        public long nanosPerToken() {
            return per.toNanos() / refill;
        }
    }

    /**
     * Where buckets live. {@link #take} must be atomic per key: a store shared by servers (Redis,
     * say) does the arithmetic in one step there.
     *
     * <pre>{@code
     * RateLimit limit = RateLimit.perClient(10, 1, Duration.ofSeconds(1)).store(RateLimit.inMemory(10_000));
     * }</pre>
     */
    public interface Store {
        /**
         * Takes one token from {@code key}'s bucket at {@code now}: {@link Duration#ZERO} if there was
         * one, else how long until there will be (and nothing is taken).
         */
        Duration take(String key, Limit limit, Instant now);
    }

    /*
     * A token bucket, because it lets a client burst up to its capacity yet holds it to the refill
     * rate over time, unlike a fixed window that lets twice the limit through across a boundary. It
     * is kept as one number per key (GCRA: the time at which the bucket will next be full), which
     * is the same bucket with no separate refill step, so a bucket is "full" exactly when that time
     * has passed and can then be forgotten at no loss.
     */
    static final class MemoryStore implements Store {
        private final int maxKeys;
        // access order: the eldest entry is the key seen least recently, the first to have refilled
        private final LinkedHashMap<String, Long> fullAt = new LinkedHashMap<>(16, 0.75f, true);

        MemoryStore(int maxKeys) {
            this.maxKeys = maxKeys;
        }

        @Override
        public synchronized Duration take(String key, Limit limit, Instant now) {
            long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            long step = limit.nanosPerToken();
            long burst = step * limit.capacity();
            Long known = fullAt.get(key);
            long next = Math.max(known == null ? t : known, t) + step;
            if (next - t > burst) return Duration.ofNanos(next - t - burst);
            if (known == null) makeRoom(t);
            fullAt.put(key, next);
            return Duration.ZERO;
        }

        int size() {
            return fullAt.size();
        }

        private void makeRoom(long now) {
            // drop refilled buckets from the least recently seen end: forgetting them changes nothing
            Iterator<Long> it = fullAt.values().iterator();
            while (it.hasNext()) {
                if (it.next() > now) break;
                it.remove();
            }
            // a flood of new keys: forget the least recently seen, which gives that key a fresh bucket
            if (fullAt.size() >= maxKeys) {
                it = fullAt.values().iterator();
                it.next();
                it.remove();
            }
        }
    }
}
