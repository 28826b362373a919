/**
 * Redis for Duet apps. {@link dev.duet.redis.RedisSessionStore} keeps sessions in Redis, so that
 * invalidating one (or deleting its key) makes its cookie worthless.
 * {@link dev.duet.redis.RedisRateLimitStore} keeps rate-limit buckets there, so that every server
 * of an app counts against one limit. {@link dev.duet.redis.RedisHub} carries a
 * {@link dev.duet.hub.Hub}'s broadcasts (pub/sub) and presence (a hash per room, refreshed) between
 * every instance of an app.
 */
package dev.duet.redis;
