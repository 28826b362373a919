// Lettuce ships no module descriptor (its jar names the automatic module lettuce.core), which
// javac warns about; apps that share the client with the store need its types, so it is handed on.
/**
 * Redis for Duet apps: {@link dev.duet.redis.RedisSessionStore}, a
 * {@link dev.duet.session.SessionStore} whose sessions can be revoked, and
 * {@link dev.duet.redis.RedisRateLimitStore}, rate limits shared by every server of an app, and
 * {@link dev.duet.redis.RedisHub}, a broadcast hub whose rooms span every server.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.duet.redis {
    exports dev.duet.redis;

    requires transitive dev.duet.core;
    requires transitive lettuce.core;
}
