/**
 * Redis for Duet apps. {@link dev.duet.redis.RedisSessionStore} keeps sessions in Redis, so that
 * invalidating one (or deleting its key) makes its cookie worthless.
 * {@link dev.duet.redis.RedisRateLimitStore} keeps rate-limit buckets there, so that every server
 * of an app counts against one limit.
 */
package dev.duet.redis;
