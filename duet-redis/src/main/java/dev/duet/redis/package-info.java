/**
 * Redis for Duet apps. {@link dev.duet.redis.RedisSessionStore} keeps sessions in Redis, so that
 * invalidating one (or deleting its key) makes its cookie worthless.
 */
package dev.duet.redis;
