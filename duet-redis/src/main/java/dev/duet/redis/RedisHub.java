package dev.duet.redis;

import dev.duet.hub.Hub;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Hub} shared by every instance of an app through Redis: a broadcast is a Redis
 * {@code PUBLISH} on the room's channel ({@code <prefix>room:<room>}), which each instance with
 * members in the room has subscribed to, so it reaches the members of every instance, the
 * sender's own included (they receive it back from Redis, in the order Redis saw it).
 *
 * <pre>{@code
 * Hub hub = RedisHub.connect("redis://127.0.0.1:6379");
 * app.onStop(hub::close);
 * }</pre>
 *
 * <p>Presence across instances: each instance writes its member count of a room into the hash
 * {@code <prefix>presence:<room>} under its own random id, with the time the count stops being
 * believed ({@code ttl} ahead, 30 s by default), and writes it again every third of {@code ttl}.
 * {@link Hub#presence} adds up the counts that are still believed, so the members of an instance
 * that died without leaving stop counting within {@code ttl}. The instances' clocks are compared,
 * so they must agree to well within {@code ttl}.
 *
 * <p>Two connections (Lettuce's, one for commands, one for pub/sub); nothing blocks a thread.
 * Messages arrive on Lettuce's I/O thread and go to each member's non-blocking {@code deliver}.
 * A member joining a room its instance was not yet in misses what is broadcast before the
 * subscription is in place ({@link dev.duet.hub.Membership#ready()}).
 */
public final class RedisHub implements Hub.Backend {
    private static final Logger log = LoggerFactory.getLogger(RedisHub.class);
    /** The prefix of every channel and key, unless another is given. */
    public static final String DEFAULT_PREFIX = "duet:hub:";
    /** How long an instance's presence count is believed without being written again, unless told otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final RedisAsyncCommands<String, String> commands;
    private final String prefix;
    private final long ttlMillis;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    private RedisHub(RedisClient client, String prefix, Duration ttl) {
        this.client = client;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.ttlMillis = ttl.toMillis();
        if (ttlMillis < 3) throw new IllegalArgumentException("the presence ttl must be at least 3 ms: " + ttl);
        this.connection = client.connect();
        this.commands = connection.async();
        this.pubsub = client.connectPubSub();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("duet-redis-hub").unstarted(r));
    }

    /** A hub over the Redis at {@code uri}, connected now (fails if Redis is not there), with the default prefix and ttl. */
    public static Hub connect(String uri) {
        return connect(uri, DEFAULT_PREFIX, DEFAULT_TTL);
    }

    /**
     * A hub over the Redis at {@code uri}: channels and keys start with {@code prefix} (apps sharing
     * a Redis each take one; the instances of one app share it), presence counts are believed for {@code ttl}.
     */
    public static Hub connect(String uri, String prefix, Duration ttl) {
        RedisClient client = RedisClient.create(uri);
        try {
            return Hub.over(new RedisHub(client, prefix, ttl));
        } catch (RuntimeException e) {
            client.shutdown();
            throw new IllegalStateException("could not connect to Redis at " + uri + " for the hub: " + e.getMessage(), e);
        }
    }

    @Override
    public void connect(Hub.Inbox inbox) {
        String rooms = prefix + "room:";
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (channel.startsWith(rooms)) inbox.receive(channel.substring(rooms.length()), message);
            }
        });
        long period = ttlMillis / 3;
        refresher.scheduleAtFixedRate(this::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Void> subscribe(String room) {
        return pubsub.async().subscribe(channel(room)).thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String room) {
        return pubsub.async().unsubscribe(channel(room)).thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> publish(String room, String message) {
        return commands.publish(channel(room), message).thenApply(receivers -> null);
    }

    @Override
    public void localCount(String room, int members) {
        if (members == 0) {
            counts.remove(room);
            commands.hdel(presenceKey(room), instance);
        } else {
            counts.put(room, members);
            write(room, members);
        }
    }

    @Override
    public CompletionStage<Long> presence(String room) {
        String key = presenceKey(room);
        return commands.hgetall(key).thenApply(fields -> {
            long now = System.currentTimeMillis();
            long total = 0;
            for (Map.Entry<String, String> f : fields.entrySet()) {
                String[] parts = f.getValue().split(":", 2);
                if (parts.length == 2 && Long.parseLong(parts[1]) > now) total += Long.parseLong(parts[0]);
                else commands.hdel(key, f.getKey()); // an instance that stopped refreshing: gone
            }
            return total;
        });
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        for (String room : counts.keySet()) commands.hdel(presenceKey(room), instance);
        try {
            pubsub.close();
            connection.close();
        } finally {
            client.shutdown();
        }
    }

    /** Writes this instance's count of every room again, so that it keeps being believed. */
    private void refresh() {
        counts.forEach(this::write);
    }

    private void write(String room, int members) {
        String key = presenceKey(room);
        commands.hset(key, instance, members + ":" + (System.currentTimeMillis() + ttlMillis));
        commands.pexpire(key, ttlMillis * 2) // a room every instance left without a word vanishes
                .exceptionally(e -> {
                    log.warn("Could not write the presence of room {} to Redis", room, e);
                    return false;
                });
    }

    private String channel(String room) {
        return prefix + "room:" + room;
    }

    private String presenceKey(String room) {
        return prefix + "presence:" + room;
    }
}
